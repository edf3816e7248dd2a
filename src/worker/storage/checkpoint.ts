/** The training checkpoint in IndexedDB: weights via tfjs, optimizer state and run info via idb-keyval. */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import * as tf from '../tf';
import type { CheckpointInfo } from '../../shared/types';
import type { CheckpointStore } from '../train/loop';
import { storageStatus } from './health';
import { artifactsOf } from './memory';
import { assertGpuAlive } from '../faults/context';
import type { AverageState } from '../train/average';

let kv: UseStore | null = null;
const store = () => (kv ??= createStore('digit-lab-checkpoint', 'kv'));

interface Saved {
  info: CheckpointInfo;
  optimizer: { name: string; shape: number[]; data: Float32Array }[];
  average?: AverageState;
}

/** Optimizer weights as plain arrays; tfjs names them by variable, which we do not rely on. */
export async function optimizerState(opt: tf.Optimizer): Promise<Saved['optimizer']> {
  const ws = await opt.getWeights();
  const out: Saved['optimizer'] = [];
  for (const w of ws) {
    out.push({ name: w.name, shape: w.tensor.shape, data: new Float32Array(await w.tensor.data()) });
    // getWeights hands out the optimizer's own variables plus a fresh iteration-count scalar: free only the latter.
    if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  }
  return out;
}

export async function restoreOptimizer(opt: tf.Optimizer, state: Saved['optimizer']): Promise<void> {
  if (state.length === 0) return;
  await opt.setWeights(state.map((s) => ({ name: s.name, tensor: tf.tensor(s.data, s.shape) })));
}

/** Where IndexedDB refuses to work, checkpoints live in memory (per slot): they survive a stop, not a reload. */
const memorySlots = new Map<string, Saved & { artifacts: tf.io.ModelArtifacts }>();
const memoryMode = async () => (await storageStatus()).mode === 'memory';

/** A checkpoint store in IndexedDB (memory when IndexedDB is unusable); `slot` '' is the one run's, a race keeps one per side. */
export function indexedDbCheckpoints(slot = ''): CheckpointStore & { info(): Promise<CheckpointInfo | null> } {
  const URL_ = `indexeddb://digit-lab-checkpoint${slot}`;
  const KEY = `checkpoint${slot}`;
  return {
    async save(model, optimizer, info, average) {
      assertGpuAlive('the checkpoint');
      const optimizerStateNow = await optimizerState(optimizer);
      if (await memoryMode()) {
        memorySlots.set(slot, { info, optimizer: optimizerStateNow, average, artifacts: await artifactsOf(model) });
        return;
      }
      await model.save(URL_);
      await set(KEY, { info, optimizer: optimizerStateNow, ...(average ? { average } : {}) } satisfies Saved, store());
    },
    async load(optimizer) {
      if (await memoryMode()) {
        const inMemory = memorySlots.get(slot);
        if (!inMemory) return null;
        const model = await tf.loadLayersModel(tf.io.fromMemory(inMemory.artifacts));
        await restoreOptimizer(optimizer, inMemory.optimizer);
        return { model, info: inMemory.info, average: inMemory.average };
      }
      const saved = await get<Saved>(KEY, store());
      if (!saved) return null;
      const model = await tf.loadLayersModel(URL_);
      await restoreOptimizer(optimizer, saved.optimizer);
      return { model, info: saved.info, average: saved.average };
    },
    async clear() {
      if (await memoryMode()) {
        memorySlots.delete(slot);
        return;
      }
      await del(KEY, store());
      try {
        await tf.io.removeModel(URL_);
      } catch {
        // Nothing stored: nothing to remove.
      }
    },
    async info() {
      if (await memoryMode()) return memorySlots.get(slot)?.info ?? null;
      try {
        return (await get<Saved>(KEY, store()))?.info ?? null;
      } catch {
        return null;
      }
    },
  };
}
