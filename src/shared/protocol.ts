/**
 * Every message between the page and the worker. Requests carry a
 * `requestId`; the worker answers each with zero or more `progress`
 * messages and then exactly one `result` or `error` for that id.
 * Unsolicited news (backend changed, GPU context lost) comes as `event`.
 */
import type {
  BackendName,
  CheckpointInfo,
  ModelInfo,
  ModelMeta,
  RaceParams,
  RaceProgress,
  RaceResult,
  TrainConfig,
  TrainProgress,
  TrainResult,
} from './types';
import type {
  DreamParams,
  DreamProgress,
  DreamResult,
  FeatureMapsParams,
  FeatureMapsResult,
  FiltersResult,
  ModelLayout,
  NoiseParams,
  NoiseResult,
  SaliencyParams,
  SaliencyResult,
} from './inspect-types';
import type {
  AblationParams,
  AblationResult,
  AttackParams,
  AttackProgress,
  AttackResult,
  EmbeddingParams,
  EmbeddingPointParams,
  EmbeddingPointResult,
  EmbeddingProgress,
  EmbeddingResult,
  EmbeddingSamplesParams,
  EmbeddingSamplesResult,
} from './inspect-more-types';
import type {
  AugmentParams,
  AugmentResult,
  ComparePredictParams,
  ComparePredictResult,
  FineTuneParams,
  FineTuneProgress,
  FineTuneResult,
  LearnNowParams,
  LearnNowResult,
} from './teach-types';

/** The role a worker instance plays: `infer` answers predictions, `lab` trains and inspects. */
export type WorkerRole = 'infer' | 'lab';

export interface InitParams {
  role: WorkerRole;
  /** Absolute URL of the site root, so the worker can fetch models and data. */
  baseUrl: string;
  /** Force a backend (tests, or the user choosing CPU). */
  backend?: BackendName;
  /** Enables `debugFault` (automated browsers only: the bridge passes `navigator.webdriver`). */
  debug?: boolean;
}

export interface InitResult {
  backend: BackendName;
  /** Set when WebGL was wanted but is not available. */
  notice?: string;
}

export interface LoadModelParams {
  /** Library id; `default` is the shipped model. */
  id: string;
}

export interface PredictParams {
  /** 784 floats, 0..1, white ink on black. */
  image: Float32Array;
}

export interface PredictResult {
  probs: Float32Array;
  modelId: string;
  version: number;
  ms: number;
  /** Where this prediction ran: the infer worker predicts one image on a CPU copy of the model when that is quicker. */
  on?: 'cpu' | 'webgl';
}

/** The files of a model in tfjs's layers format. */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
  meta: ModelMeta;
}

/** A model as ONNX: model.onnx bytes (opset 13; input `input` [N,28,28,1] float32 0..1, output `probabilities` [N,10]). */
export interface OnnxFile {
  onnx: ArrayBuffer;
  /** The model's name, for the file name and messages. */
  name: string;
}

export interface ImportModelParams {
  modelJson: string;
  /** Weight files by file name, as picked by the user. */
  weightFiles: { name: string; data: ArrayBuffer }[];
  name?: string;
}

export interface BenchParams {
  loop: 'ours' | 'baseline';
  config: TrainConfig;
  /** Stop after this much training time (evaluation excluded). */
  seconds: number;
  /** Batches to run before the clock starts (shader compilation). */
  warmupBatches: number;
  /** Stop early once test accuracy reaches this (time-to-accuracy runs). */
  targetAccuracy?: number;
  /** Evaluate the test set every this many batches (time-to-accuracy runs). */
  evalEvery?: number;
  evalLimit?: number;
  /** Our loop only: its GPU queue budget in ms (train/pace.ts); a huge value switches pacing off, for measuring its cost. */
  gpuQueueMs?: number;
  /** Our loop only: skip the correctness checks against tfjs (the Train tab's time estimate wants the speed alone). */
  quick?: boolean;
}

export interface BenchResult {
  loop: 'ours' | 'baseline';
  batches: number;
  samples: number;
  trainSeconds: number;
  samplesPerSec: number;
  /** Training seconds (evaluation excluded) when targetAccuracy was first reached. */
  reachedAt: { seconds: number; samples: number; accuracy: number } | null;
  curve: { seconds: number; samples: number; accuracy: number }[];
  /** Our loop only: the fused optimizers against tfjs's on this backend, largest weight difference after a few steps. */
  optimizerCheck?: { backend: string; adam: number; rmsprop: number };
  /** Our loop only: conv.ts's forward pass and filter gradient, and tfjs's filter gradient, against a tap-by-tap reference (largest error relative to the largest value), and ms per forward + filter gradient. */
  /** Our loop only: every weight's gradient through our training forward pass against tfjs-layers' autodiff, largest relative difference. */
  stepCheck?: { backend: string; batch: number; worst: number };
  convCheck?: { backend: string; layers: { shape: number[]; forward: number; ours: number; tfjs: number; oursMs: number; tfjsMs: number }[] };
}

/** The whole API: method name → request params, result and progress payloads. */
export interface Api {
  init: { params: InitParams; result: InitResult; progress: never };
  loadModel: { params: LoadModelParams; result: ModelInfo; progress: never };
  predict: { params: PredictParams; result: PredictResult; progress: never };
  train: { params: { config: TrainConfig; resume: boolean }; result: TrainResult; progress: TrainProgress };
  /** Races two configurations in turns, batch by batch, on the same data order; `stopTraining` stops both. Each side ends as a library model. */
  trainRace: { params: RaceParams; result: RaceResult; progress: RaceProgress };
  /** The race's checkpoints (A, B), or null when neither side has one; `discard` removes them. */
  raceCheckpoint: { params: { discard?: boolean }; result: [CheckpointInfo | null, CheckpointInfo | null] | null; progress: never };
  stopTraining: { params: Record<string, never>; result: { stopping: boolean }; progress: never };
  /**
   * Lab: a pointer went down (`drawing` true) or came up (false) on a drawing canvas, or (`drawing` absent) the page shows a
   * new tab or a pointer hovers over a drawing canvas; training issues no batch meanwhile and for a grace time after (worker/train/hold.ts).
   */
  userInput: { params: { drawing?: boolean }; result: null; progress: never };
  getCheckpoint: { params: Record<string, never>; result: CheckpointInfo | null; progress: never };
  discardCheckpoint: { params: Record<string, never>; result: null; progress: never };
  listModels: { params: Record<string, never>; result: ModelInfo[]; progress: never };
  exportModel: { params: { id: string }; result: ModelFiles; progress: never };
  importModel: { params: ImportModelParams; result: ModelInfo; progress: never };
  /** The model as model.onnx; a layer ONNX export cannot handle fails with `bad-request` naming it. */
  exportOnnx: { params: { id: string }; result: OnnxFile; progress: never };
  /** Evaluate a model on the MNIST test set (or its first `limit` images); with `strokes`, also on the held-out drawn digits (null where their shards are missing), counted into the same progress. */
  evaluate: { params: { id: string; limit?: number; strokes?: boolean }; result: { accuracy: number; count: number; strokes?: { accuracy: number; count: number } | null }; progress: { done: number; total: number } };
  /** Benchmarks one training loop (ours or the tfjs-examples baseline); see scripts/bench.mjs. */
  bench: { params: BenchParams; result: BenchResult; progress: { seconds: number; batches: number; accuracy?: number } };
  /** Look inside (lab worker, its own copy of the active model): conv/pool/dense layers of the model. */
  inspectLayers: { params: Record<string, never>; result: ModelLayout; progress: never };
  /** Every conv, pool and hidden dense layer's output for one image, plus the probabilities. */
  featureMaps: { params: FeatureMapsParams; result: FeatureMapsResult; progress: never };
  /** Conv kernels, or (no conv layers) the first dense layer's weights as 28×28 images. */
  filters: { params: Record<string, never>; result: FiltersResult; progress: never };
  /** A seeded uniform-noise image with its feature maps and probabilities. */
  noise: { params: NoiseParams; result: NoiseResult; progress: never };
  /** Gradient ascent from noise to what excites a filter or a class; a newer dream, a cancel or a new model cancels it. */
  dream: { params: DreamParams; result: DreamResult; progress: DreamProgress };
  /** Which pixels mattered for a class: vanilla or integrated gradients. */
  saliency: { params: SaliencyParams; result: SaliencyResult; progress: never };
  /** The map: a layout of 2,000 MNIST test digits by the layer before the answer (cached per model version); a cancel or a new model stops it. */
  embedding: { params: EmbeddingParams; result: EmbeddingResult; progress: EmbeddingProgress };
  /** Where a drawing lands on the last map computed for the active model. */
  embeddingPoint: { params: EmbeddingPointParams; result: EmbeddingPointResult; progress: never };
  embeddingSamples: { params: EmbeddingSamplesParams; result: EmbeddingSamplesResult; progress: never };
  /** Fool the network: a small change to a drawing that makes the model answer a target digit; a newer attack, a cancel or a new model stops it. */
  adversarial: { params: AttackParams; result: AttackResult; progress: AttackProgress };
  /** Switch filters off: a drawing's answer and test accuracy with some filters of a conv layer zeroed (on a copy; the model never changes). */
  ablation: { params: AblationParams; result: AblationResult; progress: never };
  /** Stops a running dream, map, attack or ablation (it answers with error code `cancelled`). */
  inspectCancel: { params: Record<string, never>; result: { cancelled: true }; progress: never };
  /** Library: renames a model or records its measured accuracies (the shipped model cannot be changed). */
  updateModel: { params: { id: string; patch: ModelPatch }; result: ModelInfo; progress: never };
  /** Library: copies a model's weights under a new id. */
  duplicateModel: { params: { id: string; name?: string }; result: ModelInfo; progress: never };
  /** Library: removes a stored model (never the shipped one). */
  deleteModel: { params: { id: string }; result: { deleted: boolean }; progress: never };
  /** Where the library lives: IndexedDB, or memory when the browser refuses storage. */
  storageStatus: { params: Record<string, never>; result: StorageStatus; progress: never };
  /** Test-only fault injection (refused unless init had `debug`): crash or hang the worker, or lose its WebGL context. */
  debugFault: { params: { kind: DebugFault }; result: { ok: true }; progress: never };
  /** Teach (lab worker): a sample's augmented variants, for the preview grid. */
  augmentSample: { params: AugmentParams; result: AugmentResult; progress: never };
  /** Teach: fine-tunes a model on the user's samples mixed with MNIST replay, measured before and after; saved as `tuned-<baseId>`. `stopTraining` ends it early. */
  fineTune: { params: FineTuneParams; result: FineTuneResult; progress: FineTuneProgress };
  /** Teach: a few quick fine-tuning steps on one just-labelled drawing ("learn this one now"). */
  learnNow: { params: LearnNowParams; result: LearnNowResult; progress: never };
  /** Teach: several models' probabilities for one image (original and fine-tuned side by side). */
  comparePredict: { params: ComparePredictParams; result: ComparePredictResult; progress: never };
}

/** The fields of a library entry a user (or a measurement) may change. */
export interface ModelPatch {
  name?: string;
  testAccuracy?: number | null;
  ownAccuracy?: number | null;
  /** Held-out samples behind `ownAccuracy`; a new ownAccuracy without it clears the count. */
  ownCount?: number | null;
  /** Accuracy on the held-out drawn digits, 0..1. */
  strokeAccuracy?: number | null;
}

export interface StorageStatus {
  mode: 'indexeddb' | 'memory';
  /** Why storage is in memory, in words. */
  reason?: string;
}

export type DebugFault = 'crash' | 'hang' | 'lose-context' | 'storage-full' | 'storage-ok';

export type Method = keyof Api;
export type ParamsOf<M extends Method> = Api[M]['params'];
export type ResultOf<M extends Method> = Api[M]['result'];
export type ProgressOf<M extends Method> = Api[M]['progress'];

/** A request from the page to the worker. */
export type Request<M extends Method = Method> = {
  [K in M]: { requestId: number; method: K; params: ParamsOf<K> };
}[M];

export interface WorkerErrorInfo {
  message: string;
  /** Machine-readable kind, for the UI to choose its wording and recovery. */
  code: 'bad-request' | 'model-missing' | 'model-corrupt' | 'data-missing' | 'data-corrupt' | 'nan-loss' | 'storage' | 'cancelled' | 'internal';
  /** The file the error is about, when there is one. */
  file?: string;
}

export type WorkerEvent =
  | { type: 'backend'; backend: BackendName; notice?: string }
  | { type: 'context-lost' }
  /** The WebGL backend was rebuilt after a lost context and the model reloaded, `ms` after the loss. */
  | { type: 'context-restored'; ms?: number; modelId?: string | null }
  /** IndexedDB refused to work: models are kept in memory for this tab only. */
  | { type: 'storage'; status: StorageStatus }
  | { type: 'model-saved'; model: ModelInfo };

/** A message from the worker to the page (about method `M`, when it answers a request). */
export type Response<M extends Method = Method> =
  | { kind: 'progress'; requestId: number; data: ProgressOf<M> }
  | { kind: 'result'; requestId: number; data: ResultOf<M> }
  | { kind: 'error'; requestId: number; error: WorkerErrorInfo }
  | { kind: 'event'; event: WorkerEvent };

/** Collects the ArrayBuffers in a value so they can be transferred, not copied. */
export function transferables(value: unknown, out: Transferable[] = [], seen = new Set<unknown>()): Transferable[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof ArrayBuffer) {
    // A buffer listed twice makes postMessage throw DataCloneError.
    if (!out.includes(value)) out.push(value);
  } else if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    // Only whole, non-shared buffers can move; views into bigger ones are copied.
    if (buf instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buf.byteLength && !out.includes(buf)) out.push(buf);
  } else if (Array.isArray(value)) {
    for (const v of value) transferables(v, out, seen);
  } else {
    for (const v of Object.values(value as Record<string, unknown>)) transferables(v, out, seen);
  }
  return out;
}

/** Error raised on the page side for a worker `error` response. */
export class WorkerError extends Error {
  constructor(public info: WorkerErrorInfo) {
    super(info.message);
    this.name = 'WorkerError';
  }
}
