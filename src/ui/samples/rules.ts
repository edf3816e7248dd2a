/** Teach's rules in numbers and words: how many steps a full run takes, and why one cannot start. */
import { VARIANTS_PER_SAMPLE } from '../../shared/teach-defaults';
import type { State } from '../store/state';

/** The user's share of a batch at the default replay ratio, for the automatic number of steps. */
const BATCH = 32;

/** Steps for a full run when the user leaves it on automatic: about half a pass over the variants, 60 to 150 (measured: enough to read a new style right). */
export function autoSteps(trainSamples: number, replayRatio: number): number {
  const userPerBatch = Math.max(1, Math.round(BATCH * (1 - replayRatio)));
  return Math.max(60, Math.min(150, Math.ceil((0.5 * trainSamples * VARIANTS_PER_SAMPLE) / userPerBatch)));
}

/** Why fine-tuning cannot start now, in words; null when it can. */
export function tuneBlocker(s: Pick<State, 'samples' | 'samplesStatus' | 'modelStatus' | 'tuneState'>): string | null {
  if (s.samplesStatus === 'loading' || s.samplesStatus === 'idle') return 'Loading your samples…';
  if (s.samplesStatus === 'error') return 'Your samples could not be read from browser storage.';
  if (s.samples.length === 0) return 'Save a few samples first: draw a digit, then confirm or correct what the network read.';
  if (s.tuneState === 'running' || s.tuneState === 'stopping') return 'A fine-tuning run is in progress.';
  if (s.modelStatus !== 'ready') return 'Waiting for a model to fine-tune.';
  return null;
}
