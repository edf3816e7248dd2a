/** The training checkpoint in IndexedDB: weights via tfjs, optimizer state and run info via idb-keyval. */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import * as tf from '../tf';
import type { CheckpointInfo } from '../../shared/types';
import type { CheckpointStore } from '../train/loop';

const URL_ = 'indexeddb://digit-lab-checkpoint';
let kv: UseStore | null = null;
const store = () => (kv ??= createStore('digit-lab-checkpoint', 'kv'));

interface Saved {
  info: CheckpointInfo;
  optimizer: { name: string; shape: number[]; data: Float32Array }[];
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

/** A checkpoint store in IndexedDB; a key prefix keeps separate runs (tests, pretrain) apart. */
export function indexedDbCheckpoints(): CheckpointStore & { info(): Promise<CheckpointInfo | null> } {
  return {
    async save(model, optimizer, info) {
      const optimizerStateNow = await optimizerState(optimizer);
      await model.save(URL_);
      await set('checkpoint', { info, optimizer: optimizerStateNow } satisfies Saved, store());
    },
    async load(optimizer) {
      const saved = await get<Saved>('checkpoint', store());
      if (!saved) return null;
      const model = await tf.loadLayersModel(URL_);
      await restoreOptimizer(optimizer, saved.optimizer);
      return { model, info: saved.info };
    },
    async clear() {
      await del('checkpoint', store());
      try {
        await tf.io.removeModel(URL_);
      } catch {
        // Nothing stored: nothing to remove.
      }
    },
    async info() {
      try {
        return (await get<Saved>('checkpoint', store()))?.info ?? null;
      } catch {
        return null;
      }
    },
  };
}
