/**
 * The two training loops of a race, interleaved by Turns: each side is a
 * plain runTraining with its own checkpoint slot, gated after every batch so
 * the sides alternate. Both use the first side's seed, so with one batch size
 * they draw the same images in the same order.
 */
import type * as tf from '../tf';
import type { ModelInfo, RaceProgress, RaceResult, RaceSideResult, TrainConfig } from '../../shared/types';
import type { MnistData } from '../data/dataset';
import { runTraining, type CheckpointStore } from './loop';
import { Turns, type Side } from './turns';

export interface RaceDeps {
  data: MnistData;
  /** The stroke digits (a side whose recipe mixes them in, and the held-out test), when deployed. */
  strokes?: MnistData | null;
  checkpoints: [CheckpointStore, CheckpointStore];
  /** Sides that take no part (already finished before a resume). */
  skip: [boolean, boolean];
  onProgress(p: RaceProgress): void;
  shouldStop(): boolean;
  openInitial?(id: string): Promise<tf.LayersModel>;
  saveResult(side: Side, model: tf.LayersModel, config: TrainConfig, s: { epochsDone: number; samplesSeen: number; wallTimeSec: number; testAccuracy: number | null; strokeAccuracy: number | null }): Promise<ModelInfo>;
  /** Called as each side finishes a batch (tests). */
  onTurn?(side: Side): void;
  /** Awaited before each side's batch: training gives way while someone draws (hold.ts). */
  beforeBatch?(): Promise<unknown>;
}

const errorOf = (e: unknown): { code: string; message: string } => {
  const err = e as { code?: string; message?: string };
  return { code: typeof err?.code === 'string' ? err.code : 'internal', message: err?.message ?? String(e) };
};

/** Runs both sides to their ends; throws only when every side that ran failed. */
export async function raceLoops(configs: [TrainConfig, TrainConfig], resume: boolean, deps: RaceDeps): Promise<RaceResult> {
  const seed = configs[0].seed ?? 1;
  const turns = new Turns();
  const side = async (k: Side): Promise<RaceSideResult | null> => {
    try {
      if (deps.skip[k]) return null;
      // B starts once A has written its first batch.
      await turns.ready(k);
      const result = await runTraining({ ...configs[k], seed }, resume, {
        data: deps.data,
        strokes: deps.strokes,
        checkpoints: deps.checkpoints[k],
        onProgress: (progress) => deps.onProgress({ side: k, progress }),
        shouldStop: deps.shouldStop,
        beforeBatch: deps.beforeBatch,
        openInitial: deps.openInitial,
        afterBatch: async () => {
          deps.onTurn?.(k);
          turns.finished(k);
          await turns.ready(k);
          return false;
        },
        saveResult: (model, config, s) => deps.saveResult(k, model, config, s),
      });
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    } finally {
      turns.leave(k);
    }
  };
  const [a, b] = await Promise.all([side(0), side(1)]);
  const ran = [a, b].filter((r): r is RaceSideResult => r !== null);
  const failed = ran.filter((r): r is Extract<RaceSideResult, { ok: false }> => !r.ok);
  if (ran.length > 0 && failed.length === ran.length) throw Object.assign(new Error(failed[0].error.message), { code: failed[0].error.code });
  const none: RaceSideResult = { ok: false, error: { code: 'finished', message: 'This side had already finished before the race was resumed.' } };
  return { sides: [a ?? none, b ?? none] };
}
