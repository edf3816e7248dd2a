/**
 * Fool the network: a targeted projected gradient search (PGD) for a small
 * change to the drawing that makes the model answer a chosen digit.
 *
 * Several L∞ budgets (1/8, 2/8 … 8/8 of the user's budget) are searched at
 * once as one batch, each row stepping along the sign of the gradient of the
 * target's log-probability, then projected back into its own budget and into
 * the valid pixel range 0..1. The smallest budget whose row reaches the
 * target is the answer; the search stops early once the smallest has.
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
  /** Budget levels searched at once. Default 8. */
  levels?: number;
  onProgress?(p: AttackProgress): void;
  /** Checked between steps; throw to stop. */
  check?(): void;
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

/** How often (steps) the rows are read back to see which reached the target: each read is a GPU round trip. */
const CHECK_EVERY = 5;

/** Runs the search on one 784-float image. */
export async function attack(insp: Inspector, image: Float32Array, o: AttackOptions): Promise<AttackOutcome> {
  const classes = insp.model.outputs[0].shape[1] ?? 10;
  const budget = o.budget ?? 0.3;
  const steps = o.steps ?? 60;
  const levels = o.levels ?? 8;
  if (!Number.isInteger(o.target) || o.target < 0 || o.target >= classes) throw bad(`There is no digit ${o.target}`);
  if (!(budget > 0 && budget <= 1)) throw bad('The budget must be more than 0 and at most 1');
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000) throw bad('Steps must be a whole number from 1 to 1000');
  const x0 = imageTensor(image);
  const eps = tf.tensor4d(Array.from({ length: levels }, (_, i) => (budget * (i + 1)) / levels), [levels, 1, 1, 1]);
  // Madry et al.'s step: 2.5 × budget / steps, so a row can cross its whole budget and back.
  const alpha = tf.mul(eps, Math.max(2.5 / steps, 0.01));
  const origin = tf.tile(x0, [levels, 1, 1, 1]);
  const pick = tf.tidy(() => tf.oneHot(tf.fill([levels], o.target, 'int32') as tf.Tensor1D, classes));
  const gain = (batch: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(insp.logits(batch)), pick));
  const grad = tf.grad(gain);
  let x = origin.clone();
  let done = 0;
  let reachedAt = -1;
  try {
    const first = tf.tidy(() => probsOf(insp.model, x0));
    const originalProbs = new Float32Array((await first.data()) as Float32Array);
    first.dispose();
    if (argmax(originalProbs) === o.target) return finish(image, image, originalProbs, originalProbs, 0, budget, true, 0);
    for (let step = 1; step <= steps; step++) {
      const next = tf.tidy(() => {
        const g = grad(x);
        const moved = tf.add(x, tf.mul(alpha, tf.sign(g)));
        // Project: each row stays within its own budget around the drawing, and every pixel within 0..1.
        const within = tf.minimum(tf.maximum(moved, tf.sub(origin, eps)), tf.add(origin, eps));
        return tf.clipByValue(within, 0, 1) as tf.Tensor4D;
      });
      x.dispose();
      x = next;
      done = step;
      if (step % CHECK_EVERY === 0 || step === steps) {
        const p = tf.tidy(() => probsOf(insp.model, x as tf.Tensor4D));
        const probs = (await p.data()) as Float32Array;
        p.dispose();
        reachedAt = firstReached(probs, levels, classes, o.target);
        o.onProgress?.({ step, steps, best: probs[o.target] });
        // Nothing smaller can be found once the smallest budget works.
        if (reachedAt === 0) break;
      }
      await yieldToEvents();
      o.check?.();
    }
    const row = reachedAt >= 0 ? reachedAt : levels - 1;
    const [advT, pT] = tf.tidy(() => {
      const adv = tf.slice(x, [row, 0, 0, 0], [1, 28, 28, 1]);
      return [adv, probsOf(insp.model, adv as tf.Tensor4D)];
    });
    const [adv, probs] = await Promise.all([advT.data(), pT.data()]);
    tf.dispose([advT, pT]);
    const now = new Float32Array(probs as Float32Array);
    return finish(image, new Float32Array(adv as Float32Array), originalProbs, now, (budget * (row + 1)) / levels, budget, argmax(now) === o.target, done);
  } finally {
    tf.dispose([x0, eps, alpha, origin, pick, x]);
  }
}

/** The first row (smallest budget) whose answer is `target`, or −1. */
function firstReached(probs: Float32Array, rows: number, classes: number, target: number): number {
  for (let r = 0; r < rows; r++) if (argmax(probs.subarray(r * classes, (r + 1) * classes)) === target) return r;
  return -1;
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

function finish(image: Float32Array, adversarial: Float32Array, originalProbs: Float32Array, probs: Float32Array, epsilon: number, budget: number, reached: boolean, steps: number): AttackOutcome {
  const change = new Float32Array(784);
  let l2 = 0;
  let linf = 0;
  for (let i = 0; i < 784; i++) {
    const d = adversarial[i] - image[i];
    change[i] = d;
    l2 += d * d;
    linf = Math.max(linf, Math.abs(d));
  }
  return { reached, epsilon, budget, adversarial, change, l2: Math.sqrt(l2), linf, originalProbs, probs, steps };
}
