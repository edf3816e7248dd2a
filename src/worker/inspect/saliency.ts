/**
 * Which pixels mattered: the gradient of a class score (before the softmax)
 * with respect to the input pixels, or integrated gradients along the path
 * from a black image to the drawing.
 */
import * as tf from '../tf';
import type { SaliencyMethod } from '../../shared/inspect-types';
import { imageTensor, probsOf } from './activations';
import type { Inspector } from './inspector';

export interface Saliency {
  saliency: Float32Array;
  target: number;
  probs: Float32Array;
}

function argmax(a: Float32Array): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
}

/** Saliency of `target` (default: top class) for one 784-float image. */
export async function saliency(insp: Inspector, image: Float32Array, method: SaliencyMethod, target?: number, steps = 32): Promise<Saliency> {
  const x = imageTensor(image);
  try {
    const p = tf.tidy(() => probsOf(insp.model, x));
    const probs = new Float32Array((await p.data()) as Float32Array);
    p.dispose();
    const classes = probs.length;
    const t = target ?? argmax(probs);
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw Object.assign(new Error(`There is no class ${t}`), { code: 'bad-request' });
    if (!Number.isInteger(steps) || steps < 1 || steps > 256) throw Object.assign(new Error('Integrated gradients needs 1 to 256 steps'), { code: 'bad-request' });
    const score = (batch: tf.Tensor) => tf.sum(tf.slice(insp.logits(batch), [0, t], [-1, 1]));
    const s = tf.tidy(() => {
      if (method === 'gradient') return tf.grad(score)(x);
      // Riemann (midpoint) sum of gradients at k/steps of the way from black to the image, all in one batch.
      const alphas = tf.reshape(tf.div(tf.add(tf.range(0, steps), 0.5), steps), [steps, 1, 1, 1]);
      const path = tf.mul(alphas, x);
      const g = tf.grad(score)(path);
      return tf.mul(tf.mean(g, 0, true), x);
    });
    const saliency = new Float32Array((await s.data()) as Float32Array);
    s.dispose();
    return { saliency, target: t, probs };
  } finally {
    x.dispose();
  }
}
