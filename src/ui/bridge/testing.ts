/** Test doubles for the bridge: a Worker stand-in the test answers, a recording store, and the start sequence. */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Method, Request, Response, ResultOf, WorkerRole } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { Bridge, type BridgeStore, type WorkerLike } from '.';

/** A Worker stand-in: records what the page sends and lets the test answer. */
export class FakeWorker implements WorkerLike {
  sent: { msg: Request; transfer: Transferable[] }[] = [];
  terminated = false;
  private listeners: Record<string, ((ev: Event) => void)[]> = {};
  constructor(public role: WorkerRole) {}
  postMessage(message: unknown, transfer: Transferable[]): void {
    // Like a real postMessage: transferred buffers are detached on this side.
    this.sent.push({ msg: structuredClone(message, { transfer }) as Request, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: (ev: Event) => void): void {
    (this.listeners[type] ??= []).push(listener);
  }
  emit(type: 'message' | 'error', ev: object): void {
    for (const l of this.listeners[type] ?? []) l(ev as Event);
  }
  respond(msg: Response): void {
    this.emit('message', { data: msg });
  }
  /** Requests of one method, oldest first. */
  requests(method: string): Request[] {
    return this.sent.map((s) => s.msg).filter((m) => m.method === method);
  }
  lastRequest(method: string): Request {
    const all = this.requests(method);
    if (all.length === 0) throw new Error(`no ${method} request sent`);
    return all[all.length - 1];
  }
  result<M extends Method>(method: M, data: ResultOf<M>): void {
    this.respond({ kind: 'result', requestId: this.lastRequest(method).requestId, data });
  }
}

export const info = (id = 'default', version = 1): ModelInfo => ({
  id,
  name: 'Shipped CNN',
  arch: 'cnn',
  params: 29000,
  testAccuracy: 0.99,
  ownAccuracy: null,
  createdAt: 0,
  updatedAt: 0,
  sizeBytes: 100,
  version,
  builtin: true,
});

export const probs = (digit: number) => {
  const p = new Float32Array(10).fill(0.01);
  p[digit] = 0.91;
  return p;
};

export function fakeStore() {
  const calls: { name: string; args: unknown[] }[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push({ name, args });
      return calls.length;
    };
  const store: BridgeStore = {
    setBackend: record('setBackend'),
    addNotice: record('addNotice'),
    dismissNotice: record('dismissNotice'),
    pushAlert: record('pushAlert'),
    dismissAlert: record('dismissAlert'),
    modelLoading: record('modelLoading'),
    modelLoaded: record('modelLoaded'),
    modelFailed: record('modelFailed'),
    modelSaved: record('modelSaved'),
  };
  return { store, calls, named: (name: string) => calls.filter((c) => c.name === name) };
}

/** Lets queued promise callbacks run (setImmediate is not faked). */
export const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

export let workers: FakeWorker[];
export let rec: ReturnType<typeof fakeStore>;

export function makeBridge(extra: Partial<ConstructorParameters<typeof Bridge>[0]> = {}) {
  return new Bridge({
    spawn: (role) => {
      const w = new FakeWorker(role);
      workers.push(w);
      return w;
    },
    baseUrl: 'http://localhost/app/',
    store: () => rec.store,
    ...extra,
  });
}

export const latest = (role: WorkerRole) => workers.filter((w) => w.role === role).at(-1)!;

/** Starts a bridge and walks the infer worker through init and loadModel. */
export async function ready(bridge: Bridge) {
  const started = bridge.start();
  await flush();
  latest('infer').result('init', { backend: 'webgl' });
  await flush();
  latest('infer').result('loadModel', info());
  await started;
  await flush();
  return latest('infer');
}

/** Fresh fake workers and store, fake timers, and a quiet console for every test of the calling file. */
export function useBridgeHarness(): void {
  beforeEach(() => {
    workers = [];
    rec = fakeStore();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
