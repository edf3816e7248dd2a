/**
 * The plain-JS engine's kernels: one image (no batch axis), NHWC values in
 * Float32Arrays, tfjs's memory layouts (conv kernel [kh, kw, cin, cout],
 * dense kernel [in, units]) and tfjs's 'same' padding (the odd pixel at the
 * end). No tfjs here: this file must load before tfjs does.
 *
 * Why not tfjs's CPU backend: for one 28×28 image its cost is per-op
 * overhead (kernel dispatch, tensor bookkeeping, im2col copies), ~100 ms for
 * the default CNN's ~5.5 M multiply-adds; these loops do the same arithmetic
 * in a few ms, skipping the zeros that ink-on-black images and ReLU outputs
 * are mostly made of.
 */

export type Activation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'softmax';
export const ACTIVATIONS = new Set<string>(['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax']);

/** Spatial shape [h, w, c]. */
export type HWC = [number, number, number];

export interface Conv {
  kernel: Float32Array;
  bias: Float32Array | null;
  kh: number;
  kw: number;
  cin: number;
  cout: number;
  strides: [number, number];
  dilation: [number, number];
  padding: 'same' | 'valid';
  activation: Activation;
}

/** Output size and leading pad of one axis, as tfjs computes them. */
export function axis(size: number, k: number, stride: number, dilation: number, padding: 'same' | 'valid'): { out: number; pad: number } {
  const span = (k - 1) * dilation + 1;
  if (padding === 'valid') return { out: Math.ceil((size - span + 1) / stride), pad: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return { out, pad: Math.floor(total / 2) };
}

/** Shape of a conv's output for input `[h, w, cin]`. */
export function convShape(c: Conv, [h, w]: HWC): HWC {
  return [axis(h, c.kh, c.strides[0], c.dilation[0], c.padding).out, axis(w, c.kw, c.strides[1], c.dilation[1], c.padding).out, c.cout];
}

/**
 * The kernel as [cout][kh·kw·cin] rows (tfjs keeps [kh][kw][cin][cout]): each
 * output channel is then one dot product with the input patch, summed in a
 * local variable instead of read and written back per multiply-add.
 */
export function kernelRows(c: Conv): Float32Array {
  const k = c.kh * c.kw * c.cin;
  const rows = new Float32Array(k * c.cout);
  for (let i = 0; i < k; i++) for (let o = 0; o < c.cout; o++) rows[o * k + i] = c.kernel[i * c.cout + o];
  return rows;
}

/** 2-D convolution of `x` ([h, w, cin]) into `out`, then the activation; `rows` from `kernelRows`, `patch` a scratch of kh·kw·cin floats. */
export function conv2d(c: Conv, rows: Float32Array, x: Float32Array, [h, w]: HWC, out: Float32Array, patch: Float32Array): void {
  const { bias, kh, kw, cin, cout } = c;
  const [sy, sx] = c.strides;
  const [dy, dx] = c.dilation;
  const ya = axis(h, kh, sy, dy, c.padding);
  const xa = axis(w, kw, sx, dx, c.padding);
  const k = kh * kw * cin;
  for (let oy = 0; oy < ya.out; oy++) {
    for (let ox = 0; ox < xa.out; ox++) {
      // Gather the patch (zeros where it hangs over the edge); an all-zero patch (background ink) gives the bias.
      let nonzero = 0;
      let p = 0;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * sy - ya.pad + ky * dy;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * sx - xa.pad + kx * dx;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            for (let ci = 0; ci < cin; ci++) patch[p++] = 0;
            continue;
          }
          const xi = (iy * w + ix) * cin;
          for (let ci = 0; ci < cin; ci++) {
            const v = x[xi + ci];
            patch[p++] = v;
            if (v !== 0) nonzero++;
          }
        }
      }
      const o = (oy * xa.out + ox) * cout;
      if (nonzero === 0) {
        for (let co = 0; co < cout; co++) out[o + co] = bias ? bias[co] : 0;
        continue;
      }
      let co = 0;
      // Eight output channels at a time: each patch value is read once for eight products.
      for (; co + 8 <= cout; co += 8) {
        const r0 = co * k;
        let [s0, s1, s2, s3, s4, s5, s6, s7] = [0, 0, 0, 0, 0, 0, 0, 0];
        for (let i = 0; i < k; i++) {
          const v = patch[i];
          s0 += v * rows[r0 + i];
          s1 += v * rows[r0 + k + i];
          s2 += v * rows[r0 + 2 * k + i];
          s3 += v * rows[r0 + 3 * k + i];
          s4 += v * rows[r0 + 4 * k + i];
          s5 += v * rows[r0 + 5 * k + i];
          s6 += v * rows[r0 + 6 * k + i];
          s7 += v * rows[r0 + 7 * k + i];
        }
        out[o + co] = s0;
        out[o + co + 1] = s1;
        out[o + co + 2] = s2;
        out[o + co + 3] = s3;
        out[o + co + 4] = s4;
        out[o + co + 5] = s5;
        out[o + co + 6] = s6;
        out[o + co + 7] = s7;
        if (bias) for (let j = co; j < co + 8; j++) out[o + j] += bias[j];
      }
      for (; co < cout; co++) {
        const r = co * k;
        let s = bias ? bias[co] : 0;
        for (let i = 0; i < k; i++) s += patch[i] * rows[r + i];
        out[o + co] = s;
      }
    }
  }
  activate(c.activation, out, cout);
}

/**
 * Batch norm in inference mode folded into the conv before it:
 * y = (conv(x) + b − mean) · γ / √(var + ε) + β, one scale per output channel.
 */
export function foldBatchNorm(c: Conv, bn: Affine): Conv {
  const kernel = new Float32Array(c.kernel.length);
  const bias = new Float32Array(c.cout);
  for (let i = 0; i < kernel.length; i++) kernel[i] = c.kernel[i] * bn.scale[i % c.cout];
  for (let k = 0; k < c.cout; k++) bias[k] = (c.bias ? c.bias[k] : 0) * bn.scale[k] + bn.shift[k];
  return { ...c, kernel, bias };
}

/** Per-channel y = x · scale + shift (batch norm in inference mode). */
export interface Affine {
  scale: Float32Array;
  shift: Float32Array;
}

/** Batch norm's moving statistics as an affine map. */
export function batchNormAffine(gamma: Float32Array | null, beta: Float32Array | null, mean: Float32Array, variance: Float32Array, epsilon: number): Affine {
  const n = mean.length;
  const scale = new Float32Array(n);
  const shift = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    scale[k] = (gamma ? gamma[k] : 1) / Math.sqrt(variance[k] + epsilon);
    shift[k] = (beta ? beta[k] : 0) - mean[k] * scale[k];
  }
  return { scale, shift };
}

/** Applies an affine map along the last axis (channels), `x` → `out`. */
export function affine(a: Affine, x: Float32Array, out: Float32Array): void {
  const c = a.scale.length;
  for (let i = 0; i < x.length; i++) out[i] = x[i] * a.scale[i % c] + a.shift[i % c];
}

export interface Pool {
  kind: 'max' | 'avg';
  ph: number;
  pw: number;
  strides: [number, number];
  padding: 'same' | 'valid';
}

export function poolShape(p: Pool, [h, w, c]: HWC): HWC {
  return [axis(h, p.ph, p.strides[0], 1, p.padding).out, axis(w, p.pw, p.strides[1], 1, p.padding).out, c];
}

/** Max or average pooling; padding never counts (tfjs: max ignores it, the average divides by the pixels inside). */
export function pool(p: Pool, x: Float32Array, [h, w, c]: HWC, out: Float32Array): void {
  const ya = axis(h, p.ph, p.strides[0], 1, p.padding);
  const xa = axis(w, p.pw, p.strides[1], 1, p.padding);
  for (let oy = 0; oy < ya.out; oy++) {
    const y0 = Math.max(oy * p.strides[0] - ya.pad, 0);
    const y1 = Math.min(oy * p.strides[0] - ya.pad + p.ph, h);
    for (let ox = 0; ox < xa.out; ox++) {
      const x0 = Math.max(ox * p.strides[1] - xa.pad, 0);
      const x1 = Math.min(ox * p.strides[1] - xa.pad + p.pw, w);
      const o = (oy * xa.out + ox) * c;
      const n = (y1 - y0) * (x1 - x0);
      for (let k = 0; k < c; k++) {
        let acc = p.kind === 'max' ? -Infinity : 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = x[(iy * w + ix) * c + k];
            acc = p.kind === 'max' ? (v > acc ? v : acc) : acc + v;
          }
        }
        out[o + k] = p.kind === 'max' ? acc : acc / Math.max(n, 1);
      }
    }
  }
}

/** Global average or max over positions: [h, w, c] → [c]. */
export function globalPool(kind: 'max' | 'avg', x: Float32Array, [h, w, c]: HWC, out: Float32Array): void {
  out.fill(kind === 'max' ? -Infinity : 0);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[k] = kind === 'max' ? Math.max(out[k], x[p * c + k]) : out[k] + x[p * c + k];
  if (kind === 'avg') for (let k = 0; k < c; k++) out[k] /= h * w;
}

export interface Dense {
  kernel: Float32Array;
  bias: Float32Array | null;
  inputs: number;
  units: number;
  activation: Activation;
}

/** out = activation(x · kernel + bias). */
export function dense(d: Dense, x: Float32Array, out: Float32Array): void {
  const { kernel, units } = d;
  if (d.bias) out.set(d.bias);
  else out.fill(0);
  for (let i = 0; i < d.inputs; i++) {
    const v = x[i];
    if (v === 0) continue;
    const row = i * units;
    for (let u = 0; u < units; u++) out[u] += v * kernel[row + u];
  }
  activate(d.activation, out, units);
}

/** Applies an activation in place; softmax runs over the last axis (`channels` values). */
export function activate(a: Activation, v: Float32Array, channels: number): void {
  switch (a) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
      return;
    case 'relu6':
      for (let i = 0; i < v.length; i++) v[i] = v[i] < 0 ? 0 : v[i] > 6 ? 6 : v[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]));
      return;
    case 'tanh':
      for (let i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
      return;
    case 'softmax':
      for (let o = 0; o < v.length; o += channels) softmax(v.subarray(o, o + channels));
      return;
  }
}

function softmax(v: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > max) max = v[i];
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i] - max);
    sum += v[i];
  }
  for (let i = 0; i < v.length; i++) v[i] /= sum;
}
