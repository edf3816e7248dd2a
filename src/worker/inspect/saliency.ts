/**
 * Which pixels mattered: the gradient of a class score (before the softmax)
 * with respect to the input pixels, or integrated gradients along the path
 * from a black image to the drawing.
 */
import * as tf from '../tf';
import type { SaliencyMethod } from '../../shared/inspect-types';
import { imageTensor, probsOf } from './activations';
import type { Inspector } from './inspector';
import { badRequest } from '../errors';

export interface Saliency {
  saliency: Float32Array;
  target: number;
  probs: Float32Array;
}

/** Saliency of `target` (default: top class) for one 784-float image. */
export async function saliency(insp: Inspector, image: Float32Array, method: SaliencyMethod, target?: number, steps = 32): Promise<Saliency> {
  const classes = insp.model.outputs[0].shape[1] ?? 10;
  if (target !== undefined && (!Number.isInteger(target) || target < 0 || target >= classes)) throw badRequest(`There is no class ${target}`);
  if (!Number.isInteger(steps) || steps < 1 || steps > 256) throw badRequest('Integrated gradients needs 1 to 256 steps');
  // All model work happens before the first await, so a model swapped in meanwhile cannot pull the weights from under it.
  const [s, p, t] = tf.tidy(() => {
    const x = imageTensor(image);
    const probs = probsOf(insp.model, x);
    const chosen = target === undefined ? tf.argMax(probs, 1) : tf.tensor1d([target], 'int32');
    // A one-hot row picks the class score; it is a constant to the gradient.
    const pick = tf.oneHot(chosen, classes);
    const score = (batch: tf.Tensor) => tf.sum(tf.mul(insp.logits(batch), pick));
    if (method === 'gradient') return [tf.grad(score)(x), probs, chosen];
    // Riemann (midpoint) sum of gradients at k/steps of the way from black to the image, all in one batch.
    const alphas = tf.reshape(tf.div(tf.add(tf.range(0, steps), 0.5), steps), [steps, 1, 1, 1]);
    const g = tf.grad(score)(tf.mul(alphas, x));
    return [tf.mul(tf.mean(g, 0, true), x), probs, chosen];
  });
  try {
    const [saliency, probs, chosen] = await Promise.all([s.data(), p.data(), t.data()]);
    return { saliency: new Float32Array(saliency as Float32Array), target: chosen[0], probs: new Float32Array(probs as Float32Array) };
  } finally {
    tf.dispose([s, p, t]);
  }
}
