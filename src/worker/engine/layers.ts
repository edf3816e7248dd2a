/** Each layer type of the plain-JS engine as a step over preallocated buffers (see net.ts). */
import { ACTIVATIONS, activate, affine, batchNormAffine, conv2d, convShape, dense, foldBatchNorm, globalPool, kernelRows, pool, poolShape, type Activation, type Affine, type Conv, type Dense, type Pool } from './ops';
import { Unsupported, type LayerDesc, type Shape, type Step, type Value } from './types';

/** Layers that pass their input on unchanged at inference. */
export const IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Flatten', 'Reshape']);

const pair = (v: unknown, fallback: number): [number, number] => {
  if (v == null) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 1) return [v[0], v[0]];
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  return [NaN, NaN];
};
export const size = (s: Shape) => s.reduce((a, b) => a * b, 1);

export function reshaped(l: LayerDesc, shape: Shape): Shape {
  if (l.className === 'Flatten') return [size(shape)];
  if (l.className !== 'Reshape') return shape;
  const target = (l.config.targetShape as number[] | undefined) ?? [];
  const known = target.filter((d) => d !== -1);
  const shaped = target.map((d) => (d === -1 ? size(shape) / size(known) : d));
  if (!target.length || size(shaped) !== size(shape) || shaped.some((d) => !Number.isInteger(d))) throw new Unsupported(l.name, `target shape ${JSON.stringify(target)} does not fit`);
  return shaped;
}

function activationOf(l: LayerDesc, key = 'activation'): Activation {
  const a = l.config[key] ?? 'linear';
  if (typeof a !== 'string' || !ACTIVATIONS.has(a)) throw new Unsupported(l.name, `activation ${JSON.stringify(a)} is not supported`);
  return a as Activation;
}

function weight(l: LayerDesc, role: string, n: number, optional = false): Float32Array | null {
  const w = l.weights[role];
  if (!w) {
    if (optional) return null;
    throw new Unsupported(l.name, `its ${role} weights are missing`);
  }
  if (w.length !== n) throw new Unsupported(l.name, `its ${role} has ${w.length} values, expected ${n}`);
  return w;
}

function channelsLast(l: LayerDesc): void {
  const f = l.config.dataFormat;
  if (f != null && f !== 'channelsLast' && f !== 'channels_last') throw new Unsupported(l.name, 'only channels-last data is supported');
}

export function bnAffine(l: LayerDesc, shape: Shape): Affine {
  const axis = l.config.axis ?? -1;
  const ax = Array.isArray(axis) ? (axis.length === 1 ? axis[0] : NaN) : axis;
  if (ax !== -1 && ax !== shape.length) throw new Unsupported(l.name, 'batch norm must normalise the last axis');
  const c = shape[shape.length - 1];
  const eps = typeof l.config.epsilon === 'number' ? l.config.epsilon : 1e-3;
  const gamma = l.config.scale === false ? null : weight(l, 'gamma', c);
  const beta = l.config.center === false ? null : weight(l, 'beta', c);
  return batchNormAffine(gamma, beta, weight(l, 'moving_mean', c)!, weight(l, 'moving_variance', c)!, eps);
}

function spatial(l: LayerDesc, shape: Shape): [number, number, number] {
  if (shape.length !== 3) throw new Unsupported(l.name, `it needs an image-shaped input, got ${JSON.stringify(shape)}`);
  channelsLast(l);
  return shape as [number, number, number];
}

function padding(l: LayerDesc): 'same' | 'valid' {
  const p = l.config.padding ?? 'valid';
  if (p !== 'same' && p !== 'valid') throw new Unsupported(l.name, `padding ${JSON.stringify(p)} is not supported`);
  return p;
}

/** One layer as a step writing into its own buffer. */
export function compileLayer(l: LayerDesc, src: Value): { step: Step & { out: Float32Array }; shape: Shape; macs?: number } {
  const x = src.buf;
  switch (l.className) {
    case 'Conv2D': {
      const inShape = spatial(l, src.shape);
      const [kh, kw] = pair(l.config.kernelSize, NaN);
      const cin = inShape[2];
      const cout = l.config.filters as number;
      if (!(kh > 0 && kw > 0 && Number.isInteger(cout) && cout > 0)) throw new Unsupported(l.name, 'its kernel size or filters are not understood');
      const useBias = l.config.useBias !== false;
      let conv: Conv = {
        kernel: weight(l, 'kernel', kh * kw * cin * cout)!,
        bias: useBias ? weight(l, 'bias', cout) : null,
        kh,
        kw,
        cin,
        cout,
        strides: pair(l.config.strides, 1),
        dilation: pair(l.config.dilationRate, 1),
        padding: padding(l),
        activation: activationOf(l),
      };
      if ([...conv.strides, ...conv.dilation].some((v) => !(Number.isInteger(v) && v > 0))) throw new Unsupported(l.name, 'its strides or dilation are not understood');
      if (conv.dilation.some((d) => d > 1) && conv.strides.some((s) => s > 1)) throw new Unsupported(l.name, 'strides and dilation together are not supported');
      const shape = convShape(conv, inShape);
      const out = new Float32Array(size(shape));
      const patch = new Float32Array(kh * kw * cin);
      let rows = kernelRows(conv);
      return {
        step: {
          out,
          run: () => conv2d(conv, rows, x, inShape, out, patch),
          fold:
            conv.activation === 'linear'
              ? (bn) => {
                  conv = foldBatchNorm(conv, bn);
                  rows = kernelRows(conv);
                }
              : undefined,
        },
        shape,
        macs: size(shape) * kh * kw * cin,
      };
    }
    case 'BatchNormalization': {
      const a = bnAffine(l, src.shape);
      const out = new Float32Array(x.length);
      return { step: { out, run: () => affine(a, x, out) }, shape: src.shape };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const inShape = spatial(l, src.shape);
      const [ph, pw] = pair(l.config.poolSize, 2);
      const p: Pool = { kind: l.className === 'MaxPooling2D' ? 'max' : 'avg', ph, pw, strides: l.config.strides == null ? [ph, pw] : pair(l.config.strides, 1), padding: padding(l) };
      if ([ph, pw, ...p.strides].some((v) => !(Number.isInteger(v) && v > 0))) throw new Unsupported(l.name, 'its pool size or strides are not understood');
      const shape = poolShape(p, inShape);
      const out = new Float32Array(size(shape));
      return { step: { out, run: () => pool(p, x, inShape, out) }, shape };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const inShape = spatial(l, src.shape);
      const out = new Float32Array(inShape[2]);
      const kind = l.className === 'GlobalMaxPooling2D' ? 'max' : 'avg';
      return { step: { out, run: () => globalPool(kind, x, inShape, out) }, shape: [inShape[2]] };
    }
    case 'Dense': {
      if (src.shape.length !== 1) throw new Unsupported(l.name, 'a dense layer must read a flat vector');
      const units = l.config.units as number;
      const inputs = src.shape[0];
      const d: Dense = { kernel: weight(l, 'kernel', inputs * units)!, bias: l.config.useBias === false ? null : weight(l, 'bias', units), inputs, units, activation: activationOf(l) };
      const out = new Float32Array(units);
      return { step: { out, run: () => dense(d, x, out) }, shape: [units], macs: inputs * units };
    }
    case 'Activation':
    case 'ReLU':
    case 'Softmax': {
      let a: Activation;
      if (l.className === 'Activation') a = activationOf(l);
      else if (l.className === 'Softmax') {
        const ax = l.config.axis ?? -1;
        if (ax !== -1 && ax !== src.shape.length) throw new Unsupported(l.name, 'softmax must run over the last axis');
        a = 'softmax';
      } else {
        const max = l.config.maxValue;
        if (max != null && max !== 6) throw new Unsupported(l.name, `ReLU with a cap of ${String(max)} is not supported`);
        a = max === 6 ? 'relu6' : 'relu';
      }
      const out = new Float32Array(x.length);
      const channels = src.shape[src.shape.length - 1];
      return {
        step: {
          out,
          run: () => {
            out.set(x);
            activate(a, out, channels);
          },
        },
        shape: src.shape,
      };
    }
    default:
      throw new Unsupported(l.name, `${l.className} layers are not supported`);
  }
}
