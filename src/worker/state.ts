/** What one worker holds: its role, backend, active model, MNIST on the backend, and whether a training job runs. */
import type * as tf from './tf';
import type { WorkerEvent, WorkerRole } from '../shared/protocol';
import type { ModelInfo, ModelMeta } from '../shared/types';
import { MnistData } from './data/dataset';
import { loadFromLibrary, loadShipped } from './storage/library';

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

/** The MNIST shards, opened once per worker (they stream to the backend on demand). */
export async function mnist(): Promise<MnistData> {
  state.data ??= await MnistData.open(`${state.baseUrl}data/mnist/`);
  return state.data;
}

/** Loads a fresh copy of a model by library id ('default' = shipped) without making it active. */
export async function openModel(id: string): Promise<{ model: tf.LayersModel; info: ModelInfo; meta: ModelMeta | null }> {
  if (id === 'default') return loadShipped(state.baseUrl);
  const { model, info } = await loadFromLibrary(id);
  return { model, info, meta: null };
}
