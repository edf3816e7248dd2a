/**
 * The page's key-value storage: one idb-keyval store of its own
 * (`digit-lab-kv`) for samples, run history and settings, split into
 * namespaces by array keys (`['samples', id]`). Reads have defaults; every
 * failure becomes a StorageError whose message a person can act on (storage
 * full, private browsing, blocked). Tests pass `memoryBackend()`.
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

export type StorageProblem = 'quota' | 'unavailable' | 'unknown';

/** A storage failure, worded for the user. */
export class StorageError extends Error {
  constructor(
    public readonly problem: StorageProblem,
    message: string,
    public readonly detail?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Turns whatever IndexedDB threw into a StorageError with a readable message. */
export function toStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = (e as { name?: string })?.name ?? '';
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (name === 'QuotaExceededError' || /quota|disk.*full|space/i.test(detail)) {
    return new StorageError('quota', 'Browser storage is full. Free some space (delete old samples or models, or clear site data for other sites) and try again.', detail);
  }
  if (/InvalidStateError|SecurityError|NotAllowedError|UnknownError|private|denied|not available|indexedDB is not defined/i.test(`${name} ${detail}`)) {
    return new StorageError('unavailable', 'This browser will not let Digit Lab store data here (private browsing, or site storage is blocked).', detail);
  }
  return new StorageError('unknown', 'Storing data in the browser failed.', detail);
}

/** What a namespace needs of the database; `idbBackend` and `memoryBackend` provide it. */
export interface KvBackend {
  getAll(ns: string): Promise<[string, unknown][]>;
  get(ns: string, key: string): Promise<unknown>;
  /** Writes all or none. */
  setMany(ns: string, entries: [string, unknown][]): Promise<void>;
  /** Deletes all or none. */
  delMany(ns: string, keys: string[]): Promise<void>;
}

let shared: UseStore | null = null;

/** IndexedDB through idb-keyval, in the database `digit-lab-kv`. */
export function idbBackend(): KvBackend {
  const store = () => {
    if (typeof indexedDB === 'undefined') throw new StorageError('unavailable', 'This browser has no IndexedDB, so nothing can be stored.');
    shared ??= createStore('digit-lab-kv', 'kv');
    return shared;
  };
  const range = (ns: string) => IDBKeyRange.bound([ns], [ns, []]);
  return {
    getAll: (ns) =>
      store()('readonly', async (s) => {
        const [keys, values] = await Promise.all([promisifyRequest(s.getAllKeys(range(ns))), promisifyRequest(s.getAll(range(ns)))]);
        return keys.map((k, i) => [String((k as IDBValidKey[])[1]), values[i]] as [string, unknown]);
      }),
    get: (ns, key) => store()('readonly', (s) => promisifyRequest(s.get([ns, key]))),
    setMany: (ns, entries) =>
      store()('readwrite', (s) => {
        for (const [k, v] of entries) s.put(v, [ns, k]);
        return promisifyRequest(s.transaction);
      }),
    delMany: (ns, keys) =>
      store()('readwrite', (s) => {
        for (const k of keys) s.delete([ns, k]);
        return promisifyRequest(s.transaction);
      }),
  };
}

/** An in-memory backend (tests; a browser that refuses storage). `fail` makes writes throw like IndexedDB would. */
export function memoryBackend(): KvBackend & { data: Map<string, unknown>; fail: Error | null } {
  const data = new Map<string, unknown>();
  const k = (ns: string, key: string) => `${ns}\u0000${key}`;
  const b = {
    data,
    fail: null as Error | null,
    async getAll(ns: string) {
      const out: [string, unknown][] = [];
      for (const [key, v] of data) if (key.startsWith(`${ns}\u0000`)) out.push([key.slice(ns.length + 1), structuredClone(v)]);
      return out;
    },
    async get(ns: string, key: string) {
      return structuredClone(data.get(k(ns, key)));
    },
    async setMany(ns: string, entries: [string, unknown][]) {
      if (b.fail) throw b.fail;
      for (const [key, v] of entries) data.set(k(ns, key), structuredClone(v));
    },
    async delMany(ns: string, keys: string[]) {
      if (b.fail) throw b.fail;
      for (const key of keys) data.delete(k(ns, key));
    },
  };
  return b;
}

/** A namespace of the store: typed values under string keys. */
export interface Kv<T> {
  /** Every value in the namespace (an empty list when there are none). */
  all(): Promise<T[]>;
  /** One value, or `fallback` when it is missing or cannot be read. */
  get(key: string, fallback: T): Promise<T>;
  set(key: string, value: T): Promise<void>;
  setMany(entries: [string, T][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
}

let defaultBackend: KvBackend | null = null;

/** Uses `backend` for every namespace made afterwards (tests). */
export function setKvBackend(backend: KvBackend | null): void {
  defaultBackend = backend;
}

/** The namespace `ns`. Writes and lists throw StorageError; `get` falls back. */
export function kv<T>(ns: string, backend?: KvBackend): Kv<T> {
  const b = () => backend ?? (defaultBackend ??= idbBackend());
  const wrap = async <R>(f: () => Promise<R>): Promise<R> => {
    try {
      return await f();
    } catch (e) {
      throw toStorageError(e);
    }
  };
  return {
    all: () => wrap(async () => (await b().getAll(ns)).map(([, v]) => v as T)),
    get: async (key, fallback) => {
      try {
        const v = await b().get(ns, key);
        return v === undefined ? fallback : (v as T);
      } catch {
        return fallback;
      }
    },
    set: (key, value) => wrap(() => b().setMany(ns, [[key, value]])),
    setMany: (entries) => wrap(() => b().setMany(ns, entries)),
    delMany: (keys) => wrap(() => b().delMany(ns, keys)),
  };
}
