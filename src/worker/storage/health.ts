/**
 * Whether IndexedDB works here, probed once per worker: private windows,
 * blocked or broken databases and zero quotas all end in memory mode, where
 * the library lives in this tab only. Also the library's write lock, its
 * change broadcast and the wording of storage errors.
 */
import { createStore, get } from 'idb-keyval';
import * as tf from '../tf';
import type { StorageStatus } from '../../shared/protocol';
import { APP_CHANNEL, LIBRARY_DB, LIBRARY_STORE, type LibraryChanged } from '../../shared/library-keys';
import { codedError } from '../errors';

/**
 * Only a database that never answers (blocked) counts as unavailable by time:
 * a worker busy uploading MNIST to the GPU can leave IndexedDB's callbacks
 * waiting for seconds, and calling that "unavailable" would put a working
 * library in memory (measured: 4 s was too short under load).
 */
const PROBE_MS = 30_000;
let probe: Promise<StorageStatus> | null = null;

/** Rejects with a storage error when `p` takes longer than `ms` (a blocked database never answers). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s (blocked by another tab?)`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

async function runProbe(): Promise<StorageStatus> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB here');
    await withTimeout(
      (async () => {
        // Read-only: a full disk is not "no storage" (saves then fail with a quota alert, and what is stored still loads).
        await get('models', createStore(LIBRARY_DB, LIBRARY_STORE));
        // tfjs keeps weights in its own database: it must open too.
        await tf.io.listModels();
      })(),
      PROBE_MS,
      'IndexedDB',
    );
    return { mode: 'indexeddb' };
  } catch (e) {
    return { mode: 'memory', reason: (e as Error)?.message ?? String(e) };
  }
}

/** IndexedDB or memory, decided once per worker. */
export function storageStatus(): Promise<StorageStatus> {
  probe ??= runProbe();
  return probe;
}

/** Tests: decide the mode without probing. */
export function setStorageStatusForTests(s: StorageStatus | null): void {
  probe = s ? Promise.resolve(s) : null;
}

let chain: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` holding the library's write lock: a Web Lock shared by every tab
 * and worker of the site, so two writers never interleave (an in-process
 * queue where Web Locks are missing).
 */
export function withLibraryLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request('digit-lab-library', fn) as Promise<T>;
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}

let channel: BroadcastChannel | null = null;

/** Tells every tab that the library changed. */
export function announce(msg: Omit<LibraryChanged, 'type'>): void {
  try {
    channel ??= new BroadcastChannel(APP_CHANNEL);
    channel.postMessage({ type: 'library-changed', ...msg } satisfies LibraryChanged);
  } catch {
    // No BroadcastChannel: other tabs catch up on their next refresh.
  }
}

let simulatedFull = false;

/** Test-only (debugFault 'storage-full' / 'storage-ok'): model writes fail as on a full disk. */
export function simulateStorageFull(on: boolean): void {
  simulatedFull = on;
}

/** Throws what a browser whose quota is used up throws, while a test has asked for it. */
export function throwIfSimulatedFull(): void {
  if (simulatedFull) throw new DOMException('The quota has been exceeded (simulated: debugFault storage-full).', 'QuotaExceededError');
}

/** Whether an error means the browser's storage quota is used up. */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err?.name === 'QuotaExceededError' || /quota/i.test(err?.message ?? '');
}

/** A storage failure in words a user can act on, with code `storage`. */
export function storageError(e: unknown, what: string): Error {
  const detail = (e as Error)?.message ?? String(e);
  const message = isQuotaError(e)
    ? `Browser storage is full, so ${what} could not be saved. Nothing already stored was changed; delete a model or ask for persistent storage, then try again. (${detail})`
    : `The browser refused to store ${what} (${detail}). Nothing already stored was changed.`;
  return codedError('storage', message);
}
