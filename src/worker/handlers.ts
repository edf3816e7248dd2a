/** The worker's state and one handler per protocol method; each delegates to its capability module. */
import * as tf from './tf';
import type { ImportModelParams, InitParams, OnnxFile, InitResult, LoadModelParams, ModelFiles, PredictParams, PredictResult, WorkerEvent, WorkerRole } from '../shared/protocol';
import type { CheckpointInfo, ModelInfo, ModelMeta, TrainConfig, TrainProgress, TrainResult } from '../shared/types';
import { initBackend } from './backend';
import { MnistData } from './data/dataset';
import { listLibrary, loadFromLibrary, loadShipped, saveToLibrary } from './storage/library';
import { indexedDbCheckpoints } from './storage/checkpoint';
import { imageInput, modelFromFiles, modelToFiles, ModelFileError } from './storage/validate';
import { runTraining } from './train/loop';
import { InputHold } from './train/hold';
import { evaluate } from './train/evaluate';
import { ZOO } from './models/zoo';
import { predictProbs, warmUp } from './models/predict';
import { choosePredictor, disposeTwin, medianMs, predictOnTwin, timedTwin } from './models/twin';
import { benchBaseline, benchOurs } from './train/bench';
import { afterInit } from './faults';
import type { BenchParams, BenchResult } from '../shared/protocol';

export const state = {
  role: 'infer' as WorkerRole,
  baseUrl: '',
  backend: 'cpu' as 'cpu' | 'webgl',
  model: null as tf.LayersModel | null,
  /** The infer worker's CPU copy of `model`, when predictions are quicker on it. */
  twin: null as tf.LayersModel | null,
  info: null as ModelInfo | null,
  meta: null as ModelMeta | null,
  data: null as MnistData | null,
  training: false,
  stopRequested: false,
  emit: (_e: WorkerEvent) => undefined as void,
};

const checkpoints = indexedDbCheckpoints();
/** Training holds its next batch while the user draws. */
const hold = new InputHold();

/** Stores a finished run's model in the library as `run-<time><suffix>` and tells the page. */
export async function saveRunResult(model: tf.LayersModel, config: TrainConfig, s: { testAccuracy: number | null }, suffix = ''): Promise<ModelInfo> {
  const at = Date.now();
  const spec = ZOO[config.arch];
  const info = await saveToLibrary(model, {
    id: `run-${at}${suffix}`,
    name: `${spec.name} · ${new Date(at).toLocaleString()}`,
    arch: config.arch,
    testAccuracy: s.testAccuracy,
    ownAccuracy: null,
    createdAt: at,
    builtin: false,
  });
  state.emit({ type: 'model-saved', model: info });
  return info;
}

/** Opens a stored model for a warm start. */
export const openInitialModel = async (id: string) => (await openModel(id)).model;

export async function mnist(): Promise<MnistData> {
  state.data ??= await MnistData.open(`${state.baseUrl}data/mnist/`);
  return state.data;
}

/** Loads a model by library id ('default' = shipped) without making it active. */
async function openModel(id: string): Promise<{ model: tf.LayersModel; info: ModelInfo; meta: ModelMeta | null }> {
  if (id === 'default') return loadShipped(state.baseUrl);
  const { model, info } = await loadFromLibrary(id);
  return { model, info, meta: null };
}

/** Warms `model` up on the GPU and, when it then beats the CPU twin, predicts there instead. */
async function preferGpuIfQuicker(model: tf.LayersModel, cpuMs: number): Promise<void> {
  try {
    await warmUp(model);
    const gpuMs = await medianMs(() => predictProbs(model, new Float32Array(784)));
    if (state.model !== model || !state.twin || choosePredictor(cpuMs, gpuMs) !== 'webgl') return;
    const twin = state.twin;
    state.twin = null;
    disposeTwin(twin);
  } catch (e) {
    console.warn('[digit-lab] the GPU could not be warmed up; predictions stay on the CPU copy', e);
  }
}

export const handlers = {
  async init(p: InitParams): Promise<InitResult> {
    state.role = p.role;
    state.baseUrl = p.baseUrl.endsWith('/') ? p.baseUrl : `${p.baseUrl}/`;
    const choice = await initBackend(p.backend);
    state.backend = choice.backend;
    afterInit(p);
    return choice;
  },

  async loadModel(p: LoadModelParams): Promise<ModelInfo> {
    const { model, info, meta } = await openModel(p.id);
    // The infer worker answers from a CPU copy as soon as the weights are in (see models/twin.ts).
    // WebGL's shaders, seconds of compiling on a software GPU, stay off that path: compiled in the
    // background only when the copy is too slow to keep, and not at all when it will answer every drawing.
    const made = state.role === 'infer' && state.backend === 'webgl' ? await timedTwin(model) : null;
    if (!made) await warmUp(model);
    state.model?.dispose();
    disposeTwin(state.twin);
    state.twin = made?.twin ?? null;
    state.model = model;
    state.info = info;
    state.meta = meta;
    if (made && choosePredictor(made.cpuMs, Infinity) === 'webgl') void preferGpuIfQuicker(model, made.cpuMs);
    return info;
  },

  async predict(p: PredictParams): Promise<PredictResult> {
    const model = state.model;
    // The CPU twin keeps answering while a lost GPU context is rebuilt.
    if ((!model && !state.twin) || !state.info) throw Object.assign(new Error('No model is loaded yet'), { code: 'model-missing' });
    if (!(p.image instanceof Float32Array) || p.image.length !== 784) throw Object.assign(new Error('predict needs 784 pixels'), { code: 'bad-request' });
    const t0 = performance.now();
    const twin = state.twin;
    const probs = twin ? predictOnTwin(twin, p.image) : await predictProbs(model!, p.image);
    return { probs, modelId: state.info.id, version: state.info.version, ms: performance.now() - t0, on: twin ? 'cpu' : state.backend };
  },

  async train(p: { config: TrainConfig; resume: boolean }, progress: (d: TrainProgress) => void): Promise<TrainResult> {
    if (state.training) throw Object.assign(new Error('Training is already running'), { code: 'bad-request' });
    state.training = true;
    state.stopRequested = false;
    try {
      const data = await mnist();
      return await runTraining(p.config, p.resume, {
        data,
        checkpoints,
        onProgress: progress,
        shouldStop: () => state.stopRequested,
        beforeBatch: () => hold.wait(() => state.stopRequested),
        openInitial: async (id) => (await openModel(id)).model,
        onEpochEnd: p.config.snapshotEachEpoch
          ? async (model, epochsDone, config) => {
              const test = data.split('test', config.testLimit);
              await test.whenAll;
              const r = await evaluate(model, test.shards);
              const at = Date.now();
              await saveToLibrary(model, { id: 'snapshot', name: `Snapshot after epoch ${epochsDone}`, arch: config.arch, testAccuracy: r.accuracy, ownAccuracy: null, createdAt: at, builtin: false });
              progress({ phase: 'saving', epoch: epochsDone, epochs: config.epochs, batches: 0, batchesPerEpoch: 0, samplesPerSec: 0, etaSec: null, points: [], lr: 0, snapshot: { id: 'snapshot', epoch: epochsDone, testAccuracy: r.accuracy } });
            }
          : undefined,
        saveResult: (model, config, s) => saveRunResult(model, config, s),
      });
    } finally {
      state.training = false;
    }
  },

  async stopTraining(): Promise<{ stopping: boolean }> {
    state.stopRequested = state.training;
    return { stopping: state.training };
  },

  async userInput(p: { drawing: boolean }): Promise<null> {
    hold.set(p.drawing === true);
    return null;
  },

  async getCheckpoint(): Promise<CheckpointInfo | null> {
    return checkpoints.info();
  },

  async discardCheckpoint(): Promise<null> {
    await checkpoints.clear();
    return null;
  },

  async listModels(): Promise<ModelInfo[]> {
    return listLibrary(state.baseUrl);
  },

  async exportModel(p: { id: string }): Promise<ModelFiles> {
    const { model, info, meta } = p.id === state.info?.id && state.model ? { model: state.model, info: state.info, meta: state.meta } : await openModel(p.id);
    try {
      const files = await modelToFiles(model);
      const m: ModelMeta = meta ?? {
        format: 'digit-lab-model-meta',
        formatVersion: 1,
        name: info.name,
        arch: info.arch,
        params: info.params,
        testAccuracy: info.testAccuracy,
        createdAt: new Date(info.createdAt).toISOString(),
      };
      return { ...files, meta: m };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },

  async exportOnnx(p: { id: string }): Promise<OnnxFile> {
    const { model, info } = p.id === state.info?.id && state.model ? { model: state.model, info: state.info } : await openModel(p.id);
    try {
      // Loaded on first use: the protobuf code stays out of the worker's start.
      const { exportOnnx } = await import('./storage/onnx');
      const metadata: Record<string, string> = { digit_lab_id: info.id, arch: info.arch, params: String(info.params), created: new Date(info.createdAt).toISOString() };
      if (info.testAccuracy !== null) metadata.mnist_test_accuracy = String(info.testAccuracy);
      const bytes = exportOnnx(model, { name: info.name, arch: info.arch, metadata });
      const onnx = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
      return { onnx, name: info.name };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },

  async importModel(p: ImportModelParams): Promise<ModelInfo> {
    const files = new Map(p.weightFiles.map((f) => [f.name, f.data]));
    const model = await modelFromFiles(p.modelJson, files);
    try {
      const at = Date.now();
      return await saveToLibrary(model, { id: `import-${at}`, name: p.name ?? 'Imported model', arch: 'imported', testAccuracy: null, ownAccuracy: null, createdAt: at, builtin: false });
    } finally {
      model.dispose();
    }
  },

  async bench(p: BenchParams, progress: (d: { seconds: number; batches: number; accuracy?: number }) => void): Promise<BenchResult> {
    if (state.training) throw Object.assign(new Error('Training is already running'), { code: 'bad-request' });
    state.training = true;
    try {
      const data = await mnist();
      return p.loop === 'ours' ? await benchOurs(data, p, progress) : await benchBaseline(data, p, progress);
    } finally {
      state.training = false;
    }
  },

  async evaluate(p: { id: string; limit?: number }, progress: (d: { done: number; total: number }) => void): Promise<{ accuracy: number; count: number }> {
    const data = await mnist();
    const loader = data.split('test', p.limit);
    await loader.whenAll;
    const { model } = p.id === state.info?.id && state.model ? { model: state.model } : await openModel(p.id);
    try {
      progress({ done: 0, total: loader.total });
      // Imported models may take 784 values: evaluation feeds 28×28×1 images.
      const r = await evaluate(imageInput(model), loader.shards);
      progress({ done: r.count, total: loader.total });
      return { accuracy: r.accuracy, count: r.count };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },
};

export { ModelFileError };
