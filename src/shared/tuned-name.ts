/**
 * How a fine-tuned model is named and how its score on the user's held-out
 * drawings is written. One place, so Teach's result, the Library row, the
 * header and the export file all say the same thing.
 */

import type { Scores } from './teach-types';
import type { ModelInfo } from './types';

const SUFFIX = ' · your handwriting';

/** The name of a model fine-tuned from `baseName`; tuning a tuned model again does not stack the suffix. */
export function tunedModelName(baseName: string): string {
  return `${untunedName(baseName)}${SUFFIX}`;
}

/** The name of the model a tuned one started from ("CNN · your handwriting" → "CNN"). */
export function untunedName(name: string): string {
  let n = name;
  while (n.endsWith(SUFFIX) && n.length > SUFFIX.length) n = n.slice(0, -SUFFIX.length);
  return n;
}

/**
 * A held-out score with its sample count ("92% of 12 held-out drawings"), or
 * null when either is unknown: a percentage without its count says nothing.
 */
export function heldOutScoreText(accuracy: number | null | undefined, count: number | null | undefined): string | null {
  if (accuracy == null || count == null || !Number.isFinite(accuracy) || accuracy < 0 || accuracy > 1) return null;
  if (!Number.isSafeInteger(count) || count <= 0) return null;
  return `${Math.round(accuracy * 100)}% of ${count} held-out drawing${count === 1 ? '' : 's'}`;
}

/** The library fields of a model fine-tuned from `base`: its one name, and the held-out score with the count it was measured on. */
export function tunedEntryFields(base: Pick<ModelInfo, 'name' | 'arch'>, scores: { testAccuracy: number | null; own: Scores['own'] }): Pick<ModelInfo, 'name' | 'arch' | 'testAccuracy' | 'ownAccuracy' | 'ownCount'> {
  return {
    name: tunedModelName(base.name),
    arch: base.arch,
    testAccuracy: scores.testAccuracy,
    ownAccuracy: scores.own?.accuracy ?? null,
    ownCount: scores.own?.count ?? null,
  };
}
