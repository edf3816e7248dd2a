/** What a training run needs from outside it (data, storage, progress), its errors, and warm starts. */
import * as tf from '../tf';
import type { TrainConfig, TrainProgress, CheckpointInfo, ModelInfo } from '../../shared/types';
import type { MnistData } from '../data/dataset';
import type { AverageState } from './average';

export interface CheckpointStore {
  /** `average`: the run's weight average (config.weightAverage), kept beside the optimizer's state. */
  save(model: tf.LayersModel, optimizer: tf.Optimizer, info: CheckpointInfo, average?: AverageState): Promise<void>;
  /** The stored checkpoint, its optimizer state applied to `optimizer`. */
  load(optimizer: tf.Optimizer): Promise<{ model: tf.LayersModel; info: CheckpointInfo; average?: AverageState } | null>;
  clear(): Promise<void>;
}

export interface TrainDeps {
  data: MnistData;
  /** The stroke digits' shards (train part to mix in, held-out set as "test"), when this deployment has them. */
  strokes?: MnistData | null;
  checkpoints: CheckpointStore;
  /** Stores the finished model in the library and returns its entry. */
  saveResult(model: tf.LayersModel, config: TrainConfig, summary: { epochsDone: number; samplesSeen: number; wallTimeSec: number; testAccuracy: number | null; strokeAccuracy: number | null }): Promise<ModelInfo>;
  onProgress(p: TrainProgress): void;
  /** Called after every batch; returning true stops the run there (benchmarks). */
  afterBatch?(model: tf.LayersModel, batches: number): Promise<boolean>;
  /** Opens a stored model for `config.initFrom` (warm restarts). */
  openInitial?(id: string): Promise<tf.LayersModel>;
  /** Called after each completed epoch with the model (snapshots): its averaged weights when the run averages them. */
  onEpochEnd?(model: tf.LayersModel, epochsDone: number, config: TrainConfig): Promise<void>;
  shouldStop(): boolean;
  /** Awaited before each batch is issued: the page may need the GPU first (see hold.ts). */
  beforeBatch?(): Promise<unknown>;
  now?: () => number;
  /** Most GPU work, in ms, to queue ahead of the page before waiting for it (default 100). */
  gpuQueueMs?: number;
  /** Waits until the backend has done the work issued so far (default: a WebGL fence). */
  gpuCaughtUp?: () => Promise<void>;
  /** Also checkpoint mid-epoch when this long has passed since the last one, ms (default 2 minutes), so a closed tab loses little of a long epoch. */
  checkpointEveryMs?: number;
}

export class TrainError extends Error {
  constructor(
    message: string,
    public code: 'nan-loss' | 'bad-request',
  ) {
    super(message);
  }
}

/** Copies a stored model's weights into `model`, which must have the same layers and shapes. */
export async function warmStart(model: tf.LayersModel, id: string, deps: TrainDeps): Promise<void> {
  if (!deps.openInitial) throw new TrainError('Starting from a stored model is not available here.', 'bad-request');
  let from: tf.LayersModel;
  try {
    from = await deps.openInitial(id);
  } catch (e) {
    model.dispose();
    throw new TrainError(`Could not open the model to start from (${(e as Error).message}).`, 'bad-request');
  }
  try {
    const want = model.getWeights();
    const have = from.getWeights();
    const same = want.length === have.length && want.every((w, i) => tf.util.arraysEqual(w.shape, have[i].shape));
    if (!same) {
      model.dispose();
      throw new TrainError(`The model to start from does not have this architecture's layers (${have.length} weight tensors, expected ${want.length}).`, 'bad-request');
    }
    model.setWeights(have);
  } finally {
    from.dispose();
  }
}
