/**
 * Training runs' histories, kept in IndexedDB (the idb-keyval wrapper) so a
 * run's curves outlive the session: the library lists them and exports each
 * as CSV. One record per finished (or stopped) run, keyed by its model's id.
 */
import type { TrainConfig, TrainResult } from '../../shared/types';
import { kv, type Kv } from '../storage/kv';
import type { CurvePoint, ValPoint } from './series';

export interface RunRecord {
  /** The library id of the model the run produced. */
  id: string;
  name: string;
  finishedAt: number;
  config: TrainConfig;
  stoppedEarly: boolean;
  epochsDone: number;
  samplesSeen: number;
  wallTimeSec: number;
  testAccuracy: number | null;
  /** Accuracy on the held-out drawn digits; absent in runs stored before it was recorded, null when the run had none. */
  strokeAccuracy?: number | null;
  curve: CurvePoint[];
  val: ValPoint[];
  bucket: number;
  /** (global batch, seconds of training) samples, for comparing runs by wall time; absent in runs stored before it was recorded. */
  clock?: { x: number; t: number }[];
}

/** The app's store of runs (IndexedDB, namespace `runs`). */
export const runsStore = (): Kv<RunRecord> => kv<RunRecord>('runs');

/** Runs kept at most (the oldest are dropped). */
export const MAX_RUNS = 50;

/** The stored runs, newest first. */
export async function listRuns(runs: Kv<RunRecord>): Promise<RunRecord[]> {
  const all = await runs.all();
  return all.filter((r) => r && typeof r.id === 'string' && Array.isArray(r.curve)).sort((a, b) => b.finishedAt - a.finishedAt);
}

/** Stores a run and drops the oldest beyond MAX_RUNS. */
export async function saveRun(runs: Kv<RunRecord>, record: RunRecord): Promise<void> {
  await runs.set(record.id, record);
  const all = await listRuns(runs);
  if (all.length > MAX_RUNS) await runs.delMany(all.slice(MAX_RUNS).map((r) => r.id));
}

/** The record of a finished run: its result, its config and its curves. */
export function runRecord(result: TrainResult, config: TrainConfig, curves: Pick<RunRecord, 'curve' | 'val' | 'bucket' | 'clock'>): RunRecord {
  return {
    id: result.model.id,
    name: result.model.name,
    finishedAt: Date.now(),
    config,
    stoppedEarly: result.stoppedEarly,
    epochsDone: result.epochsDone,
    samplesSeen: result.samplesSeen,
    wallTimeSec: result.wallTimeSec,
    testAccuracy: result.test?.accuracy ?? null,
    strokeAccuracy: result.strokes?.accuracy ?? null,
    ...curves,
  };
}
