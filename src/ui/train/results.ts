/** What a finished run is judged on: MNIST's test scans and the held-out drawn digits, as the results card shows them. */
import type { TestReport, TrainResult } from '../../shared/types';

/**
 * Handwriting styles in the drawn-digit set (src/shared/strokes/styles.ts;
 * a unit test keeps the two equal, so the page need not load the stroke templates to count them).
 */
export const STROKE_STYLES = 26;

/** Held-out drawn digits every finished run is tested on (HELD_OUT.count in src/shared/strokes; a unit test keeps them equal). */
export const STROKE_TEST_IMAGES = 2_500;

export type ResultSetId = 'scans' | 'strokes';

export interface ResultSet {
  id: ResultSetId;
  /** Tile and tab title. */
  title: string;
  /** Short name for tabs. */
  short: string;
  /** What its images are, after the count: "of 10,000 … are read correctly". */
  noun: string;
  report: TestReport | null;
  accuracyTestId: string;
  confusionTestId: string;
}

/** Wrong answers in a report. */
export const mistakesIn = (r: TestReport): number => r.count - Math.round(r.accuracy * r.count);

/** Both sets of a run, scans first. `strokes` is null when the run had no drawn digits to test on (an old result or a deployment without them). */
export function resultSets(result: Pick<TrainResult, 'test' | 'strokes'>): [ResultSet, ResultSet] {
  return [
    { id: 'scans', title: 'MNIST test (scans)', short: 'Scans', noun: 'scanned test digits', report: result.test, accuracyTestId: 'train-test-accuracy', confusionTestId: 'train-confusion' },
    { id: 'strokes', title: 'Drawn digits (held-out strokes)', short: 'Drawn digits', noun: 'drawn digits', report: result.strokes ?? null, accuracyTestId: 'train-stroke-accuracy', confusionTestId: 'train-stroke-confusion' },
  ];
}

/** The one-sentence account of the drawn-digit set. */
export const STROKE_SET_NOTE = `Drawn digits are synthetic mouse, finger and pen strokes in ${STROKE_STYLES} handwriting styles (such as the European flagged 1), put through the same preprocessing as the canvas; these held-out ones are never trained on.`;
