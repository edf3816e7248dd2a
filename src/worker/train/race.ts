/**
 * A race: two configurations train in this worker at once, taking strict
 * turns batch by batch (turns.ts) on the same data order (same seed and
 * batch size), each with its own checkpoint slot, so stop, resume and reload
 * work as for one run. Each side that ends becomes a library model; a side
 * that fails (NaN loss) is reported and the other runs on.
 */
import type { CheckpointInfo, RaceParams, RaceProgress, RaceResult, TrainConfig } from '../../shared/types';
import { indexedDbCheckpoints } from '../storage/checkpoint';
import { mnist, state, strokeData } from '../state';
import { openInitialModel, saveRunResult } from './save';
import { raceLoops } from './raceLoops';
import { badRequest } from '../errors';

const SLOTS = ['-race-a', '-race-b'] as const;
const slots = SLOTS.map((s) => indexedDbCheckpoints(s));

/** Why two configurations cannot race, or null. */
export function raceProblem(configs: readonly TrainConfig[]): string | null {
  if (configs.length !== 2) return 'A race needs exactly two configurations.';
  if (configs[0].batchSize !== configs[1].batchSize) return 'Both sides of a race need the same batch size, so they see the same images in the same order.';
  return null;
}

/** The race's checkpoints, or null when neither side has one. */
export async function raceCheckpoints(discard = false): Promise<[CheckpointInfo | null, CheckpointInfo | null] | null> {
  if (discard) {
    await Promise.all(slots.map((s) => s.clear()));
    return null;
  }
  const infos = (await Promise.all(slots.map((s) => s.info()))) as [CheckpointInfo | null, CheckpointInfo | null];
  return infos[0] || infos[1] ? infos : null;
}

/** Runs (or resumes) a race to its end, stop or failure of both sides; `beforeBatch` is awaited before each side's batch (hold.ts). */
export async function runRace(p: RaceParams, progress: (d: RaceProgress) => void, beforeBatch?: () => Promise<unknown>): Promise<RaceResult> {
  const problem = raceProblem(p.configs);
  if (problem) throw badRequest(problem);
  if (state.training) throw badRequest('Training is already running');
  state.training = true;
  state.stopRequested = false;
  try {
    const data = await mnist();
    // Resuming: a side without a checkpoint had already finished (its model is in the library).
    const saved = p.resume ? await raceCheckpoints() : null;
    if (p.resume && !saved) throw badRequest('The race’s checkpoints are gone; start a new race instead.');
    return await raceLoops(p.configs, p.resume, {
      data,
      strokes: await strokeData(),
      checkpoints: [slots[0], slots[1]],
      skip: saved ? [!saved[0], !saved[1]] : [false, false],
      onProgress: progress,
      shouldStop: () => state.stopRequested,
      beforeBatch,
      openInitial: openInitialModel,
      saveResult: (k, model, config, s) => saveRunResult(model, config, s, k === 0 ? '-a' : '-b'),
    });
  } finally {
    state.training = false;
  }
}
