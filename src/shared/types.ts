/** Shared value types that cross the worker wall. No tfjs here. */

/** Architectures in the model zoo. */
export type ArchId = 'cnn' | 'keras-cnn' | 'flask-cnn' | 'mlp' | 'linear';

export type OptimizerId = 'adam' | 'rmsprop' | 'sgd';

export type BackendName = 'webgl' | 'cpu';

/** What the library knows about one stored model. */
export interface ModelInfo {
  id: string;
  name: string;
  arch: ArchId | 'imported';
  params: number;
  /** Accuracy on the full MNIST test set, 0..1, when measured. */
  testAccuracy: number | null;
  /** Accuracy on the user's held-out samples, 0..1, when measured. */
  ownAccuracy: number | null;
  /** How many held-out samples `ownAccuracy` was measured on; without it the score is not shown. */
  ownCount?: number | null;
  /** Accuracy on the held-out drawn digits (scripts/strokes, the canvas's own rasteriser), 0..1, when measured; absent in entries saved before it was recorded. */
  strokeAccuracy?: number | null;
  createdAt: number;
  updatedAt: number;
  sizeBytes: number;
  /** Bumped every time the weights change. */
  version: number;
  builtin: boolean;
}

/** meta.json written beside a model's model.json. */
export interface ModelMeta {
  format: 'digit-lab-model-meta';
  formatVersion: 1;
  name: string;
  arch: ArchId | 'imported';
  params: number;
  description?: string;
  recipe?: Record<string, unknown>;
  epochs?: number;
  samplesSeen?: number;
  wallTimeSec?: number;
  testAccuracy?: number | null;
  testImages?: number;
  /** Accuracy on the held-out drawn digits, 0..1 (the pretrain writes it). */
  strokeAccuracy?: number | null;
  createdAt?: string;
  trainedWith?: string;
}

export interface TrainConfig {
  arch: ArchId;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerId;
  augment: boolean;
  /** With `augment`: the share of each batch given an elastic distortion (Simard et al. 2003), 0..1. */
  elastic?: number;
  /** With `augment`: the share of each batch whose strokes are thickened or thinned, 0..1. */
  thickness?: number;
  /** The share of each batch replaced by synthetic stroke digits (the stroke shards' train part, never the held-out set), 0..0.5. */
  strokeShare?: number;
  /** Weight averaging: the decay per batch of an exponential moving average of the weights (e.g. 0.999), which the run is validated, tested and saved with; 0 or absent: off. */
  weightAverage?: number;
  /** One-cycle learning-rate schedule (warm up, then cosine down). */
  schedule: 'one-cycle' | 'constant';
  labelSmoothing: number;
  /** Stop after this many batches in total (tests, quick runs). */
  maxBatches?: number;
  /** Use at most this many training images (tests). */
  trainLimit?: number;
  /** Evaluate on at most this many test images at the end (tests). */
  testLimit?: number;
  /** Seed for shuffling and augmentation. */
  seed?: number;
  /** Save a test-evaluated snapshot to the library at every epoch end (pretrain). */
  snapshotEachEpoch?: boolean;
  /** Start from this stored model's weights ('default' = the shipped model) instead of a fresh initialisation: a warm restart with its own schedule. Its layers must match `arch`. */
  initFrom?: string;
}

export interface TrainProgress {
  phase: 'loading-data' | 'training' | 'validating' | 'testing' | 'saving';
  epoch: number;
  epochs: number;
  /** Batches done in this run. */
  batches: number;
  batchesPerEpoch: number;
  /** Images loaded / total while loading data. */
  loaded?: number;
  total?: number;
  samplesPerSec: number;
  etaSec: number | null;
  /** Per-batch points since the previous progress message. */
  points: { batch: number; loss: number; acc: number }[];
  /** Set once per epoch end. */
  val?: { epoch: number; loss: number; acc: number };
  lr: number;
  /** Images tested so far / in all, while phase is 'testing' (the final test, also after Stop). */
  tested?: number;
  testTotal?: number;
  /** Which set `tested` counts: MNIST's test scans (default) or the held-out drawn digits, tested after them. */
  testSet?: 'scans' | 'strokes';
  /** Set when an epoch-end snapshot was saved (pretrain). */
  snapshot?: { id: string; epoch: number; testAccuracy: number };
}

export interface TrainResult {
  model: ModelInfo;
  stoppedEarly: boolean;
  epochsDone: number;
  samplesSeen: number;
  wallTimeSec: number;
  test: TestReport | null;
  /** The same report on the held-out stroke digits (null when the stroke shards are not there). */
  strokes?: TestReport | null;
  /** Why training ended if not by finishing or stop (e.g. NaN loss). */
  reason?: string;
}

export interface TestReport {
  accuracy: number;
  loss: number;
  count: number;
  /** 10×10 row-major: confusion[true*10 + predicted]. */
  confusion: number[];
  /** Up to 64 misclassified images (784 floats each, concatenated). */
  wrongImages: Float32Array;
  wrongTrue: number[];
  wrongPred: number[];
  wrongConf: number[];
}

/** A checkpoint that a reload can resume from. */
export interface CheckpointInfo {
  config: TrainConfig;
  epochsDone: number;
  batchesDone: number;
  savedAt: number;
  history: { val: { epoch: number; loss: number; acc: number }[] };
}

/** Two configurations trained in turns, batch by batch, on the same data order. */
export interface RaceParams {
  configs: [TrainConfig, TrainConfig];
  /** Continue both sides from their checkpoints. */
  resume: boolean;
}

/** One side's progress in a race (0 = A, 1 = B). */
export interface RaceProgress {
  side: 0 | 1;
  progress: TrainProgress;
}

/** How one side of a race ended: its run's result, or why it failed (the other side carries on). */
export type RaceSideResult = { ok: true; result: TrainResult } | { ok: false; error: { code: string; message: string } };

export interface RaceResult {
  sides: [RaceSideResult, RaceSideResult];
}
