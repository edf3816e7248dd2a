/**
 * Convolution in training as an explicit im2col and two matrix products, with
 * its gradient written out: the patches the forward pass builds are kept for
 * the filter gradient, which is then one (split) matrix product.
 *
 * Why not tfjs's own gradient: on WebGL, tfjs computes a filter gradient with
 * one shader pass in which each filter element loops over every position of
 * the batch (`Conv2DDerFilterProgram`). Measured in headless Chromium on
 * llvmpipe, batch 128, that pass took 460–480 ms for each of the default
 * CNN's second and third convolutions, against ~110 ms as patchesᵀ·dy here;
 * and for the first convolution (128×28×28 positions per filter element) its
 * result was simply wrong: off by up to 530 against values of up to 980,
 * while 64×28×28 was right, so it looks like a cap on loop iterations in
 * that software GPU. The product here splits the batch into row blocks, so
 * no fragment loops over more than a few thousand positions, which is also
 * what a real GPU wants from a reduction this long.
 *
 * The forward pass is the same maths as tfjs's (it also multiplies im2col
 * patches by the reshaped kernel); the input gradient is tfjs's own
 * `conv2dTranspose`, on WebGL in batch parts (`inputGradient`). Covers 2-D convolutions with stride 1, dilation 1,
 * 'same' padding and channels last, which is every convolution in the zoo;
 * anything else is left to the layer.
 */
import * as tf from '../tf';

/** The parts of tfjs-layers' Conv2D used here (private in its typings). */
export interface ConvLayer {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  kernelSize: number[];
  strides: number[];
  dilationRate: number | number[];
  padding: string;
  dataFormat: string;
  activation: { apply(x: tf.Tensor): tf.Tensor };
}

/** The layer as a ConvLayer when `conv2dTraining` covers it, else null. */
export function coveredConv(layer: tf.layers.Layer): ConvLayer | null {
  if (layer.getClassName() !== 'Conv2D') return null;
  const c = layer as unknown as ConvLayer;
  const dil = typeof c.dilationRate === 'number' ? [c.dilationRate, c.dilationRate] : c.dilationRate;
  const ok =
    c.kernel != null &&
    c.kernelSize.length === 2 &&
    c.strides.every((s) => s === 1) &&
    dil.every((d) => d === 1) &&
    c.padding === 'same' &&
    c.dataFormat === 'channelsLast' &&
    (layer.input as tf.SymbolicTensor).shape.length === 4;
  return ok ? c : null;
}

/** 'same' padding before (top/left) and after (bottom/right) for a kernel size: TensorFlow's split, the extra one after. */
const padding = (k: number) => [(k - 1) >> 1, k - 1 - ((k - 1) >> 1)] as const;

/** The WebGL backend's program runner (public in tfjs-backend-webgl, not in the types here). */
interface WebGLRunner {
  runWebGLProgram(program: object, inputs: tf.TensorInfo[], dtype: 'float32'): tf.TensorInfo;
}

/** A packed WebGL program writing x's kh×kw patches as the rows of an [N·H·W, kh·kw·C] matrix (zero outside x). */
function patchProgram([N, H, W, C]: number[], kh: number, kw: number) {
  const M = N * H * W;
  const K = kh * kw * C;
  const [top] = padding(kh);
  const [left] = padding(kw);
  let body = '';
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++)
      body += `
  m = rc.x + ${r}; k = rc.y + ${c};
  if (m < ${M} && k < ${K}) {
    n = m / ${H * W}; p = m - n * ${H * W}; oh = p / ${W}; ow = p - oh * ${W};
    dh = k / ${kw * C}; rest = k - dh * ${kw * C}; dw = rest / ${C}; ch = rest - dw * ${C};
    ih = oh + dh - ${top}; iw = ow + dw - ${left};
    if (ih >= 0 && ih < ${H} && iw >= 0 && iw < ${W}) result[${r * 2 + c}] = getChannel(getA(n, ih, iw, ch), vec2(iw, ch));
  }`;
  return {
    variableNames: ['A'],
    outputShape: [M, K],
    packedInputs: true,
    packedOutput: true,
    userCode: `void main() {
  ivec2 rc = getOutputCoords();
  vec4 result = vec4(0.);
  int m, k, n, p, oh, ow, dh, rest, dw, ch, ih, iw;
  ${body}
  setOutput(result);
}`,
  };
}

/** x's kh×kw 'same' patches as an [N·H·W, kh·kw·C] matrix, column order (dh, dw, c) as the kernel's reshape. */
export function patches(x: tf.Tensor4D, kh: number, kw: number): tf.Tensor2D {
  const [N, H, W, C] = x.shape;
  if (tf.getBackend() === 'webgl') {
    const out = (tf.backend() as unknown as WebGLRunner).runWebGLProgram(patchProgram(x.shape, kh, kw), [x], 'float32');
    return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    const xp = tf.pad(x, [[0, 0], padding(kh) as [number, number], padding(kw) as [number, number], [0, 0]]);
    const cols: tf.Tensor4D[] = [];
    for (let dh = 0; dh < kh; dh++) for (let dw = 0; dw < kw; dw++) cols.push(tf.slice(xp, [0, dh, dw, 0], [N, H, W, C]));
    return tf.reshape(cols.length === 1 ? cols[0] : tf.concat(cols, 3), [N * H * W, kh * kw * C]);
  });
}

/** Row blocks for the filter gradient's product: up to 16, dividing the rows evenly. */
export function rowBlocks(rows: number): number {
  for (const s of [16, 8, 4, 2]) if (rows % s === 0 && rows / s >= 256) return s;
  return 1;
}

/**
 * Images per part of the input gradient on WebGL. tfjs's conv2dTranspose is one draw in which every input value loops
 * over kh·kw·F products; for a whole batch of 128 that one draw was among the longest tasks of Chromium's GPU process
 * on llvmpipe (up to ~290 ms), and the page's frames, composited in that process, waited behind it. In parts of 32,
 * each flushed on its own, none of a batch's draws is that long (BENCHMARKS.md, session 11).
 */
export const INPUT_GRAD_PART = 32;

/** The WebGL context's flush when tfjs runs on WebGL, else null. */
function webglFlush(): (() => void) | null {
  if (tf.getBackend() !== 'webgl') return null;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  return gl ? () => gl.flush() : null;
}

/**
 * The input gradient of a stride-1 'same' convolution (tfjs's conv2dTranspose), in batch parts of `part` images
 * (0: whole; by default INPUT_GRAD_PART on WebGL, whole elsewhere), each flushed to the GPU as it is issued; the
 * parts are stacked back in order, so the result is the same.
 */
export function inputGradient(dy: tf.Tensor4D, kernel: tf.Tensor4D, shape: [number, number, number, number], part?: number): tf.Tensor4D {
  const N = shape[0];
  const flush = webglFlush();
  const size = part ?? (flush ? INPUT_GRAD_PART : 0);
  if (size <= 0 || N <= size) return tf.conv2dTranspose(dy, kernel, shape, 1, 'same');
  const parts: tf.Tensor4D[] = [];
  for (let i = 0; i < N; i += size) {
    const n = Math.min(size, N - i);
    parts.push(tf.conv2dTranspose(tf.slice(dy, [i, 0, 0, 0], [n, -1, -1, -1]), kernel, [n, shape[1], shape[2], shape[3]], 1, 'same'));
    flush?.();
  }
  return tf.concat(parts, 0);
}

/**
 * conv2d(x, kernel, stride 1, 'same') with the gradient above. `inputGrad`
 * false skips the input gradient (the first layer's input is data), giving
 * zeros in its place.
 */
export function conv2dTraining(x: tf.Tensor4D, kernel: tf.Tensor4D, inputGrad = true): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel] = args as [tf.Tensor4D, tf.Tensor4D];
    const save = args[2] as tf.GradSaveFunc;
    const [N, H, W] = x.shape;
    const [kh, kw, C, F] = kernel.shape;
    const p = patches(x, kh, kw);
    const y = tf.reshape(tf.matMul(p, tf.reshape(kernel, [kh * kw * C, F])), [N, H, W, F]) as tf.Tensor4D;
    save([p, kernel]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [p, kernel] = saved as [tf.Tensor2D, tf.Tensor4D];
        const rows = p.shape[0];
        const s = rowBlocks(rows);
        const dy2 = tf.reshape(dy as tf.Tensor, [s, rows / s, F]);
        const dk = tf.reshape(tf.sum(tf.matMul(tf.reshape(p, [s, rows / s, p.shape[1]]), dy2, true, false), 0), kernel.shape);
        const dx = inputGrad ? inputGradient(dy as tf.Tensor4D, kernel, [N, H, W, C]) : tf.zeros(x.shape);
        return [dx, dk];
      },
    };
  });
  return op(x, kernel) as tf.Tensor4D;
}

/**
 * The most patch values kept per convolution until the backward pass (256 MB
 * of float32). Past it, a batch this large goes through the layer itself
 * (tfjs builds the same patches, but frees them after the forward pass).
 */
export const MAX_PATCH_VALUES = 2 ** 26;

/** A covered Conv2D layer applied in training: the convolution above, then the layer's bias and activation. */
export function applyConv(layer: ConvLayer, x: tf.Tensor4D, inputGrad: boolean): tf.Tensor4D {
  const [kh, kw] = layer.kernelSize;
  if (x.shape[0] * x.shape[1] * x.shape[2] * kh * kw * x.shape[3] > MAX_PATCH_VALUES) {
    return (layer as unknown as tf.layers.Layer).apply(x, { training: true }) as tf.Tensor4D;
  }
  let y: tf.Tensor4D = conv2dTraining(x, layer.kernel.read() as tf.Tensor4D, inputGrad);
  if (layer.bias) y = tf.add(y, layer.bias.read());
  return layer.activation.apply(y) as tf.Tensor4D;
}

/** One convolution's check: relative errors, and milliseconds per forward + filter gradient (ours, tfjs's; median of 3, read back each time). */
export interface ConvCheck {
  shape: number[];
  forward: number;
  ours: number;
  tfjs: number;
  oursMs: number;
  tfjsMs: number;
}

/** Median wall time of `f` over `reps` calls, each read back (so the GPU's work is counted). */
function timeMs(f: () => tf.Tensor, reps = 3): number {
  tf.tidy(() => f().dataSync());
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    tf.tidy(() => f().dataSync());
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[reps >> 1];
}

/**
 * On the current backend, for the default CNN's three convolutions at batch
 * 128: the largest error of the forward pass (against tf.conv2d) and of the
 * filter gradient, ours and tfjs's, each relative to the largest value,
 * against a reference summed tap by tap with element-wise ops. The bench runs
 * it before timing, so a figure is never bought with a wrong gradient.
 */
export function compareConvWithTfjs(batch = 128): { backend: string; layers: ConvCheck[] } {
  const shapes: [number, number, number, number][] = [
    [28, 1, 16, 3],
    [14, 16, 32, 3],
    [7, 32, 64, 3],
  ];
  const layers = shapes.map(([H, C, F, k], i) =>
    tf.tidy(() => {
      const x = tf.randomNormal([batch, H, H, C], 0, 1, 'float32', 10 + i) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, C, F], 0, 1, 'float32', 20 + i) as tf.Tensor4D;
      const dy = tf.randomNormal([batch, H, H, F], 0, 1, 'float32', 30 + i);
      const [top, bottom] = padding(k);
      const xp = tf.pad(x, [[0, 0], [top, bottom], [top, bottom], [0, 0]]);
      const taps: tf.Tensor[] = [];
      for (let dh = 0; dh < k; dh++) for (let dw = 0; dw < k; dw++) for (let c = 0; c < C; c++) taps.push(tf.sum(tf.mul(tf.slice(xp, [0, dh, dw, c], [batch, H, H, 1]), dy), [0, 1, 2]));
      const ref = tf.reshape(tf.stack(taps), [k, k, C, F]);
      const scale = tf.max(tf.abs(ref)).dataSync()[0];
      const rel = (t: tf.Tensor) => tf.max(tf.abs(tf.sub(t, ref))).dataSync()[0] / scale;
      const oursGrad = () => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(conv2dTraining(x, w as tf.Tensor4D, false), dy)))(w);
      const tfjsGrad = () => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), dy)))(w);
      const y = tf.conv2d(x, w, 1, 'same');
      const forward = tf.max(tf.abs(tf.sub(conv2dTraining(x, w), y))).dataSync()[0] / tf.max(tf.abs(y)).dataSync()[0];
      return { shape: [batch, H, H, C, F], forward, ours: rel(oursGrad()), tfjs: rel(tfjsGrad()), oursMs: timeMs(oursGrad), tfjsMs: timeMs(tfjsGrad) };
    }),
  );
  return { backend: tf.getBackend(), layers };
}
