/**
 * The page's settings in IndexedDB (idb-keyval, its own store), for what must
 * survive a reload: which model reads drawings. Every read has a default and
 * every failure is swallowed: without storage the app simply starts fresh.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { INDEX_KEY, LIBRARY_DB, LIBRARY_STORE, SHIPPED_ID } from '../../shared/library-keys';
import type { ModelInfo } from '../../shared/types';

let settings: UseStore | null = null;
const settingsStore = () => (settings ??= createStore('digit-lab-settings', 'kv'));
const ACTIVE_KEY = 'activeModel';
/** A blocked database never answers: do not hold up the first prediction for long (a busy page can take seconds to open one). */
const READ_MS = 5000;

function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      console.warn(`[digit-lab] settings storage did not answer within ${ms} ms; going on without it`);
      resolve(fallback);
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(fallback);
      },
    );
  });
}

/** The model chosen last time if the library still has it, else the shipped one. */
export async function rememberedModelId(): Promise<string> {
  if (typeof indexedDB === 'undefined') return SHIPPED_ID;
  return within(
    (async () => {
      const id = await get<string>(ACTIVE_KEY, settingsStore());
      if (!id || id === SHIPPED_ID) return SHIPPED_ID;
      // Read-only peek at the worker's index: a model deleted meanwhile (in another tab) is not loaded.
      const index = await get<ModelInfo[]>(INDEX_KEY, createStore(LIBRARY_DB, LIBRARY_STORE));
      return index?.some((m) => m.id === id) ? id : SHIPPED_ID;
    })(),
    READ_MS,
    SHIPPED_ID,
  );
}

/** Remembers the model that reads drawings (best effort). */
export async function rememberModelId(id: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await within(set(ACTIVE_KEY, id, settingsStore()), READ_MS, undefined);
}
