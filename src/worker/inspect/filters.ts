/** Weights as pictures: conv kernels as [out, in, kh, kw], or a dense layer's per-unit weights over the 784 pixels. */
import * as tf from '../tf';
import type { ConvFilters, DenseWeights } from '../../shared/inspect-types';
import type { Inspector } from './inspector';

function range(a: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of a) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}

/** Every conv layer's kernels, [out, in, kh, kw] so each output filter's kernels sit together. */
export async function convFilters(insp: Inspector): Promise<ConvFilters[]> {
  const convs = insp.found.filter((f) => f.kind === 'conv' && f.layer.weights[0]?.shape.length === 4);
  // Every kernel is copied before the first await: a model swapped in meanwhile cannot dispose them under us.
  const kernels = tf.tidy(() => convs.map((f) => tf.transpose(f.layer.weights[0].read(), [3, 2, 0, 1])));
  try {
    const values = await Promise.all(kernels.map((t) => t.data()));
    return convs.map((f, i) => {
      const data = new Float32Array(values[i] as Float32Array);
      return { layer: f.name, parts: f.parts, className: f.className, shape: kernels[i].shape, data, ...range(data) };
    });
  } finally {
    tf.dispose(kernels);
  }
}

/** The first dense layer that reads the 784 input pixels: each unit's weights as a 28×28 image. */
export async function denseWeights(insp: Inspector): Promise<DenseWeights | null> {
  const f = insp.found.find((l) => l.kind === 'dense' && l.kernelShape?.length === 2 && l.kernelShape[0] === 784);
  if (!f) return null;
  const kernel = f.layer.weights[0];
  const units = kernel.shape[1] as number;
  const t = tf.tidy(() => tf.reshape(tf.transpose(kernel.read()), [units, 28, 28]));
  try {
    const data = new Float32Array((await t.data()) as Float32Array);
    return { layer: f.name, shape: [units, 28, 28], data, ...range(data), isOutput: f.isOutput };
  } finally {
    t.dispose();
  }
}
