/** One handler per protocol method; each delegates to its capability module. */
import type { ImportModelParams, InitParams, InitResult, LoadModelParams, ModelFiles, PredictParams, PredictResult } from '../shared/protocol';
import type { CheckpointInfo, ModelInfo, ModelMeta, TrainConfig, TrainProgress, TrainResult } from '../shared/types';
import { initBackend } from './backend';
import { listLibrary, saveToLibrary } from './storage/library';
import { mnist, openModel, state } from './state';
import { indexedDbCheckpoints } from './storage/checkpoint';
import { imageInput, modelFromFiles, modelToFiles, ModelFileError } from './storage/validate';
import { runTraining } from './train/loop';
import { evaluate } from './train/evaluate';
import { ZOO } from './models/zoo';
import { predictProbs, warmUp } from './models/predict';
import { disposeTwin, predictOnTwin, quickerTwin } from './models/twin';
import { benchBaseline, benchOurs } from './train/bench';
import { afterInit } from './faults';
import type { BenchParams, BenchResult } from '../shared/protocol';

const checkpoints = indexedDbCheckpoints();

export const handlers = {
  async init(p: InitParams): Promise<InitResult> {
    state.role = p.role;
    state.baseUrl = p.baseUrl.endsWith('/') ? p.baseUrl : `${p.baseUrl}/`;
    const choice = await initBackend(p.backend);
    state.backend = choice.backend;
    afterInit(p, async (id) => (await handlers.loadModel({ id })).id);
    return choice;
  },

  async loadModel(p: LoadModelParams): Promise<ModelInfo> {
    const { model, info, meta } = await openModel(p.id);
    await warmUp(model);
    // Predictions run where they are quickest (measured now); see models/twin.ts.
    const twin = state.role === 'infer' && state.backend === 'webgl' ? await quickerTwin(model, (image) => predictProbs(model, image)) : null;
    state.model?.dispose();
    disposeTwin(state.twin);
    state.twin = twin;
    state.model = model;
    state.info = info;
    state.meta = meta;
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
        saveResult: async (model, config, s) => {
          const at = Date.now();
          const spec = ZOO[config.arch];
          const info = await saveToLibrary(model, {
            id: `run-${at}`,
            name: `${spec.name} · ${new Date(at).toLocaleString()}`,
            arch: config.arch,
            testAccuracy: s.testAccuracy,
            ownAccuracy: null,
            createdAt: at,
            builtin: false,
          });
          state.emit({ type: 'model-saved', model: info });
          return info;
        },
      });
    } finally {
      state.training = false;
    }
  },

  async stopTraining(): Promise<{ stopping: boolean }> {
    state.stopRequested = state.training;
    return { stopping: state.training };
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
