/**
 * How an answer is put into words: when the network is "not sure", and "a 5"
 * but "an 8". Pure, so the Draw tab, Teach and tests share one rule.
 */

/**
 * "Not sure" when the top probability is below UNSURE_TOP or the runner-up is
 * within UNSURE_MARGIN of it. Chosen by measuring the shipped model
 * (scripts/measure/unsure.measure.ts; BENCHMARKS.md, "Not sure"): on 5,000
 * MNIST test digits it calls 1.5% of the correctly read ones unsure and 76% of
 * its mistakes; of 200 mouse-drawn digits 0.5%; of 160 lines, crosses,
 * scribbles and zigzags 74% (the old rule, top below 50%, caught 47%).
 */
export const UNSURE_TOP = 0.6;
/** Also a guess when the runner-up is this close to the top answer. */
export const UNSURE_MARGIN = 0.5;

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

/** True when the answer should be shown as "not sure": the top answer is low, or the runner-up is close. */
export function isUnsure(probs: ArrayLike<number> | null): boolean {
  if (!probs || probs.length === 0) return false;
  const { p1, p2 } = topTwo(probs);
  return p1 < UNSURE_TOP || p1 - p2 < UNSURE_MARGIN;
}

/** "a 5", "an 8": the article English uses before a digit's spoken name. */
export function aDigit(d: number | string): string {
  return `${String(d) === '8' ? 'an' : 'a'} ${d}`;
}
