/**
 * How an answer is put into words: when the network is "not sure", and "a 5"
 * but "an 8". Pure, so the Draw tab, Teach and tests share one rule.
 */

/**
 * "Not sure" when the top probability is below UNSURE_TOP. Chosen by measuring the shipped model
 * (scripts/measure/unsure.measure.ts; BENCHMARKS.md, "Not sure"). The model
 * trained on drawn digits (issue 16) is surer of stroke-like scribbles than the
 * one before, so the threshold rose from 60% to 80% to keep catching them: on
 * 5,000 MNIST test digits it calls 3.2% of the correctly read ones unsure (was
 * 1.5%) and 83% of its mistakes; of 200 mouse-drawn digits none (was 0.5%); of
 * 160 lines, crosses, scribbles and zigzags 79% (was 74%), scribbles 90% (was 75%).
 * The old rule's second clause (runner-up within 50 points) can never fire
 * above 80%, so it went.
 */
export const UNSURE_TOP = 0.8;

/** The top answer and the runner-up of ten probabilities. */
export function topTwo(probs: ArrayLike<number>): { digit: number; p1: number; second: number; p2: number } {
  let a = 0;
  let b = -1;
  for (let i = 1; i < probs.length; i++) {
    if (probs[i] > probs[a]) {
      b = a;
      a = i;
    } else if (b < 0 || probs[i] > probs[b]) b = i;
  }
  return { digit: a, p1: probs[a] ?? 0, second: b, p2: b >= 0 ? probs[b] : 0 };
}

/** True when the answer should be shown as "not sure": the top answer is below UNSURE_TOP (so the runner-up may be close). */
export function isUnsure(probs: ArrayLike<number> | null): boolean {
  if (!probs || probs.length === 0) return false;
  return topTwo(probs).p1 < UNSURE_TOP;
}

/** "a 5", "an 8": the article English uses before a digit's spoken name. */
export function aDigit(d: number | string): string {
  return `${String(d) === '8' ? 'an' : 'a'} ${d}`;
}
