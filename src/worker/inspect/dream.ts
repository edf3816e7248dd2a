/**
 * "What a filter wants": gradient ascent on the input, from noise, towards
 * the image that most excites one filter or one class score. Regularised so
 * the result is readable (the usual recipe: RMS-normalised steps, L2 decay,
 * a blur every few steps, random jitter, pixels clipped to 0..1).
 */
import * as tf from '../tf';
import type { DreamParams, DreamProgress, DreamTarget } from '../../shared/inspect-types';
import { probsOf } from './activations';
import type { Inspector } from './inspector';
import { noiseImage, prng } from './noise';

export interface DreamHooks {
  onProgress(p: DreamProgress): void;
  /** Checked between steps; true ends the dream with a `cancelled` error. */
  isCancelled(): boolean;
}

export interface DreamOutcome {
  image: Float32Array;
  objective: number[];
  probs: Float32Array;
  steps: number;
  stalled: boolean;
}

import { yieldToEvents } from '../yield';
import { codedError } from '../errors';

export { yieldToEvents };

/** Moves the image by (dy, dx) pixels, filling with black. */
export function shift(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  if (!dy && !dx) return x;
  const [, h, w, c] = x.shape;
  const padded = tf.pad(x, [[0, 0], [Math.max(dy, 0), Math.max(-dy, 0)], [Math.max(dx, 0), Math.max(-dx, 0)], [0, 0]]);
  return tf.slice(padded, [0, Math.max(-dy, 0), Math.max(-dx, 0), 0], [-1, h, w, c]);
}

/** The scalar to maximise for `target` on a [1,28,28,1] image. */
export function objectiveFn(insp: Inspector, target: DreamTarget): (x: tf.Tensor4D) => tf.Scalar {
  if (target.kind === 'class') {
    const classes = insp.model.outputs[0].shape[1] ?? 10;
    if (!Number.isInteger(target.digit) || target.digit < 0 || target.digit >= classes) throw codedError('bad-request', `There is no class ${target.digit}`);
    return (x) => tf.squeeze(tf.slice(insp.logits(x), [0, target.digit], [1, 1])) as tf.Scalar;
  }
  const layer = insp.byName.get(target.layer);
  if (!layer || layer.kind === 'pool') throw codedError('bad-request', `"${target.layer}" is not a conv or dense layer of this model`);
  const units = layer.outputShape[layer.outputShape.length - 1];
  if (!Number.isInteger(target.filter) || target.filter < 0 || target.filter >= units) throw codedError('bad-request', `Layer ${target.layer} has no filter ${target.filter}`);
  return (x) => {
    const out = insp.objective(layer, x);
    const begin = out.shape.map((_, i) => (i === out.rank - 1 ? target.filter : 0));
    const size = out.shape.map((_, i) => (i === out.rank - 1 ? 1 : -1));
    return tf.mean(tf.slice(out, begin, size));
  };
}

/** Runs gradient ascent; reports the image every `reportEvery` steps. Throws `nan-loss` on NaN, `cancelled` when asked to stop. */
export async function dream(insp: Inspector, p: DreamParams, hooks: DreamHooks): Promise<DreamOutcome> {
  const steps = p.steps ?? 150;
  const seed = p.seed ?? 1;
  const stepSize = p.stepSize ?? 0.05;
  const decay = p.decay ?? 0.01;
  const blurEvery = p.blurEvery ?? 4;
  const jitter = p.jitter ?? 1;
  const reportEvery = Math.max(1, p.reportEvery ?? 5);
  if (!Number.isInteger(steps) || steps < 1 || steps > 2000) throw codedError('bad-request', 'Steps must be a whole number from 1 to 2000');
  if (!(stepSize > 0) || !(decay >= 0 && decay < 1) || !(jitter >= 0)) throw codedError('bad-request', 'Step size must be positive and decay in [0, 1)');
  const objective = objectiveFn(insp, p.target);
  const rand = prng(seed ^ 0x9e3779b9);
  const shiftBy = () => Math.round((rand() * 2 - 1) * jitter);
  const blurKernel = tf.tidy(() => {
    const k = tf.tensor1d([0.25, 0.5, 0.25]);
    return tf.reshape(tf.outerProduct(k, k), [3, 3, 1, 1]) as tf.Tensor4D;
  });
  let x = tf.tensor4d(noiseImage(seed, 0.35, 0.65), [1, 28, 28, 1]);
  const history: number[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      const dy = shiftBy();
      const dx = shiftBy();
      const vg = tf.valueAndGrad((xi: tf.Tensor) => objective(shift(xi as tf.Tensor4D, dy, dx)));
      const [next, value] = tf.tidy(() => {
        const { value, grad } = vg(x);
        // Normalising by the gradient's RMS makes the step size mean the same for every layer.
        const rms = tf.sqrt(tf.add(tf.mean(tf.square(grad)), 1e-12));
        let y = tf.add(x, tf.mul(tf.div(grad, rms), stepSize)) as tf.Tensor4D;
        y = tf.mul(y, 1 - decay);
        if (blurEvery > 0 && step % blurEvery === 0) y = tf.conv2d(y, blurKernel, 1, 'same');
        return [tf.clipByValue(y, 0, 1) as tf.Tensor4D, value];
      });
      x.dispose();
      x = next;
      const v = (await value.data())[0];
      value.dispose();
      if (!Number.isFinite(v)) throw codedError('nan-loss', `Gradient ascent produced ${v} at step ${step} and was stopped; try a smaller step size or fewer steps.`);
      history.push(v);
      if (step % reportEvery === 0 || step === steps) {
        const image = new Float32Array((await x.data()) as Float32Array);
        if (image.some((q) => !Number.isFinite(q))) throw codedError('nan-loss', `The image became NaN at step ${step}; gradient ascent was stopped.`);
        hooks.onProgress({ step, steps, objective: v, image });
      }
      await yieldToEvents();
      if (hooks.isCancelled()) throw codedError('cancelled', 'Cancelled: the model changed or a newer request replaced this one.');
    }
    const [final, probsT] = tf.tidy(() => [objective(x), probsOf(insp.model, x)]);
    const last = (await final.data())[0];
    const probs = new Float32Array((await probsT.data()) as Float32Array);
    final.dispose();
    probsT.dispose();
    if (Number.isFinite(last)) history.push(last);
    const image = new Float32Array((await x.data()) as Float32Array);
    const spread = Math.max(...history) - Math.min(...history);
    return { image, objective: history, probs, steps, stalled: spread <= 1e-6 * (1 + Math.abs(history[0])) };
  } finally {
    x.dispose();
    blurKernel.dispose();
  }
}
