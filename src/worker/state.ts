/** What one worker holds: its role, backend, active model, MNIST on the backend, and whether a training job runs. */
import type * as tf from './tf';
import type { CpuCopy } from './models/twin';
import type { WorkerEvent, WorkerRole } from '../shared/protocol';
import type { ModelInfo, ModelMeta } from '../shared/types';
import { MnistData } from './data/dataset';
import { loadFromLibrary, loadShipped } from './storage/library';
import { badRequest } from './errors';

export const state = {
  role: 'infer' as WorkerRole,
  baseUrl: '',
  backend: 'cpu' as 'cpu' | 'webgl',
  model: null as tf.LayersModel | null,
  /** The infer worker's CPU copy of `model` (plain-JS engine or tfjs CPU twin), when predictions are quicker on it. */
  twin: null as CpuCopy | null,
  info: null as ModelInfo | null,
  meta: null as ModelMeta | null,
  data: null as MnistData | null,
  /** The stroke digits' shards; undefined until first asked for, null when this deployment has none. */
  strokes: undefined as MnistData | null | undefined,
  training: false,
  stopRequested: false,
  emit: (_e: WorkerEvent) => undefined as void,
};

/** The MNIST shards, opened once per worker (they stream to the backend on demand). */
export async function mnist(): Promise<MnistData> {
  state.data ??= await MnistData.open(`${state.baseUrl}data/mnist/`);
  return state.data;
}

/** The stroke digits' shards (train part, and the held-out set as their "test" split), or null when they are not deployed. */
export async function strokeData(): Promise<MnistData | null> {
  if (state.strokes === undefined) state.strokes = await MnistData.open(`${state.baseUrl}data/strokes/`).catch(() => null);
  return state.strokes;
}

/** Loads a fresh copy of a model by library id ('default' = shipped) without making it active. */
export async function openModel(id: string): Promise<{ model: tf.LayersModel; info: ModelInfo; meta: ModelMeta | null }> {
  if (id === 'default') return loadShipped(state.baseUrl);
  const { model, info } = await loadFromLibrary(id);
  return { model, info, meta: null };
}

/** Runs `fn` as this worker's one training job (training, a benchmark, fine-tuning); refused with `busy` while another runs. */
export async function exclusive<T>(busy: string, fn: () => Promise<T>): Promise<T> {
  if (state.training) throw badRequest(busy);
  state.training = true;
  state.stopRequested = false;
  try {
    return await fn();
  } finally {
    state.training = false;
    state.stopRequested = false;
  }
}

const lostHooks: (() => void)[] = [];

/** Registers what a capability must forget when the GPU context is lost (its tensors died with it). */
export function onGpuLost(forget: () => void): void {
  lostHooks.push(forget);
}

/** Forgets every GPU-resident thing this worker holds: the active model, MNIST on the backend, and capability caches. */
export function forgetGpuState(): void {
  tryDispose(state.model);
  state.model = null;
  tryDispose(state.data);
  state.data = null;
  tryDispose(state.strokes);
  state.strokes = undefined;
  for (const forget of lostHooks) forget();
}

/** Disposes what lived on a backend that may be gone. */
export function tryDispose(x: { dispose(): void } | null | undefined): void {
  try {
    x?.dispose();
  } catch {
    // Its backend is gone; the memory went with the context.
  }
}
