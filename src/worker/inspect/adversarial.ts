/**
 * Fool the network: a targeted projected gradient search for a small change
 * to the drawing that makes the model answer a chosen digit.
 *
 * The change grows from nothing: each step moves every pixel by a small
 * amount along the sign of the gradient of the target's log-probability,
 * then projects back into the L∞ budget around the drawing and into the
 * valid pixel range 0..1 (projected gradient descent, Madry et al.). It
 * stops at the first step where the model answers the target, so the
 * change found is the smallest along that path; if the budget runs out
 * first, the search says it was not enough.
 *
 * Each step is synchronous, inside `o.sync`: the lab runs it on a CPU copy
 * of the model, where one image's forward and backward pass takes tens of
 * milliseconds instead of seconds behind software WebGL.
 */
import * as tf from '../tf';
import type { AttackProgress } from '../../shared/inspect-more-types';
import { imageTensor, probsOf } from './activations';
import type { Inspector } from './inspector';
import { yieldToEvents } from '../yield';

export interface AttackOptions {
  target: number;
  budget?: number;
  steps?: number;
  onProgress?(p: AttackProgress): void;
  /** Checked between steps; throw to stop. */
  check?(): void;
  /** Runs one synchronous block of tensor work (e.g. on the CPU backend); default: as is. */
  sync?<T>(fn: () => T): T;
}

export interface AttackOutcome {
  reached: boolean;
  epsilon: number;
  budget: number;
  adversarial: Float32Array;
  change: Float32Array;
  l2: number;
  linf: number;
  originalProbs: Float32Array;
  probs: Float32Array;
  steps: number;
}

const bad = (message: string) => Object.assign(new Error(message), { code: 'bad-request' as const });

/** Runs the search on one 784-float image. */
export async function attack(insp: Inspector, image: Float32Array, o: AttackOptions): Promise<AttackOutcome> {
  const classes = insp.model.outputs[0].shape[1] ?? 10;
  const budget = o.budget ?? 0.3;
  const steps = o.steps ?? 100;
  const sync = o.sync ?? (<T>(fn: () => T) => fn());
  if (!Number.isInteger(o.target) || o.target < 0 || o.target >= classes) throw bad(`There is no digit ${o.target}`);
  if (!(budget > 0 && budget <= 1)) throw bad('The budget must be more than 0 and at most 1');
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000) throw bad('Steps must be a whole number from 1 to 1000');
  if (!(image instanceof Float32Array) || image.length !== 784) throw bad('An image must be 784 floats (28×28)');
  // Small enough that stopping at the first success finds a small change, large enough to cross the budget in a quarter of the steps.
  const alpha = Math.max(budget / 25, (4 * budget) / steps);
  const originalProbs = new Float32Array(sync(() => tf.tidy(() => probsOf(insp.model, imageTensor(image)).dataSync() as Float32Array)));
  if (argmax(originalProbs) === o.target) return finish(image, image, originalProbs, originalProbs, budget, true, 0);
  let x: Float32Array = image;
  let probs: Float32Array = originalProbs;
  let done = 0;
  for (let step = 1; step <= steps; step++) {
    [x, probs] = sync(() =>
      tf.tidy(() => {
        const x0 = imageTensor(image);
        const pick = tf.oneHot(tf.tensor1d([o.target], 'int32'), classes);
        const gain = (b: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(insp.logits(b)), pick));
        const xi = imageTensor(x);
        const moved = tf.add(xi, tf.mul(tf.sign(tf.grad(gain)(xi)), alpha));
        // Project: within the budget around the drawing, and every pixel within 0..1.
        const next = tf.clipByValue(tf.minimum(tf.maximum(moved, tf.sub(x0, budget)), tf.add(x0, budget)), 0, 1) as tf.Tensor4D;
        return [new Float32Array(next.dataSync()), new Float32Array(probsOf(insp.model, next).dataSync())] as [Float32Array, Float32Array];
      }),
    );
    done = step;
    const reached = argmax(probs) === o.target;
    if (reached || step % 5 === 0 || step === steps) o.onProgress?.({ step, steps, best: probs[o.target] });
    if (reached) break;
    await yieldToEvents();
    o.check?.();
  }
  return finish(image, new Float32Array(x), originalProbs, new Float32Array(probs), budget, argmax(probs) === o.target, done);
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

function finish(image: Float32Array, adversarial: Float32Array, originalProbs: Float32Array, probs: Float32Array, budget: number, reached: boolean, steps: number): AttackOutcome {
  const change = new Float32Array(784);
  let l2 = 0;
  let linf = 0;
  for (let i = 0; i < 784; i++) {
    const d = adversarial[i] - image[i];
    change[i] = d;
    l2 += d * d;
    linf = Math.max(linf, Math.abs(d));
  }
  return { reached, epsilon: linf, budget, adversarial, change, l2: Math.sqrt(l2), linf, originalProbs, probs, steps };
}
