import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerError, type Method, type Request, type Response, type ResultOf, type WorkerRole } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { Bridge, WorkerCrashError, type BridgeStore, type WorkerLike } from '.';

/** A Worker stand-in: records what the page sends and lets the test answer. */
class FakeWorker implements WorkerLike {
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

const info = (id = 'default', version = 1): ModelInfo => ({
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

const probs = (digit: number) => {
  const p = new Float32Array(10).fill(0.01);
  p[digit] = 0.91;
  return p;
};

function fakeStore() {
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
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

let workers: FakeWorker[];
let rec: ReturnType<typeof fakeStore>;

function makeBridge(extra: Partial<ConstructorParameters<typeof Bridge>[0]> = {}) {
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

const latest = (role: WorkerRole) => workers.filter((w) => w.role === role).at(-1)!;

/** Starts a bridge and walks the infer worker through init and loadModel. */
async function ready(bridge: Bridge) {
  const started = bridge.start();
  await flush();
  latest('infer').result('init', { backend: 'webgl' });
  await flush();
  latest('infer').result('loadModel', info());
  await started;
  await flush();
  return latest('infer');
}

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

describe('start sequence', () => {
  it('inits the infer worker, stores its backend and notice, then loads the default model', async () => {
    const bridge = makeBridge({ backend: 'cpu' });
    const started = bridge.start();
    await flush();
    expect(workers).toHaveLength(1);
    const w = workers[0];
    expect(w.role).toBe('infer');
    expect(w.sent.map((s) => s.msg.method)).toEqual(['init']);
    expect(w.sent[0].msg.params).toEqual({ role: 'infer', baseUrl: 'http://localhost/app/', backend: 'cpu' });

    w.result('init', { backend: 'cpu', notice: 'WebGL is not available; using the CPU.' });
    await flush();
    expect(rec.named('setBackend')[0].args).toEqual(['cpu', 'WebGL is not available; using the CPU.']);
    expect(w.lastRequest('loadModel').params).toEqual({ id: 'default' });

    w.result('loadModel', info());
    await started;
    expect(rec.named('modelLoading')[0].args).toEqual(['default']);
    expect(rec.named('modelLoaded')[0].args[0]).toMatchObject({ id: 'default', version: 1 });
    // The lab worker is only spawned when first used.
    expect(bridge.isRunning('lab')).toBe(false);
  });

  it('alerts with the file name when the model is missing, and predictions then reject', async () => {
    const bridge = makeBridge();
    const started = bridge.start();
    await flush();
    workers[0].result('init', { backend: 'webgl' });
    await flush();
    const early = bridge.predictLatest(new Float32Array(784));
    workers[0].respond({
      kind: 'error',
      requestId: workers[0].lastRequest('loadModel').requestId,
      error: { code: 'model-missing', message: 'HTTP 404', file: 'models/default/model.json' },
    });
    await started;
    const alert = rec.named('pushAlert')[0].args[0] as { message: string; file: string; code: string };
    expect(alert.code).toBe('model-missing');
    expect(alert.file).toBe('models/default/model.json');
    expect(alert.message).toContain('models/default/model.json');
    expect(rec.named('modelFailed')).toHaveLength(1);
    await expect(early).rejects.toBeInstanceOf(WorkerError);
    await expect(bridge.predictLatest(new Float32Array(784))).rejects.toMatchObject({ info: { code: 'model-missing' } });
    expect(workers[0].requests('predict')).toHaveLength(0);
  });
});

describe('predictLatest', () => {
  it('keeps at most one predict in flight and only the newest waiting', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    const img = (v: number) => new Float32Array(784).fill(v);

    const a = bridge.predictLatest(img(0.1));
    const b = bridge.predictLatest(img(0.2));
    const c = bridge.predictLatest(img(0.3));
    await flush();
    expect(w.requests('predict')).toHaveLength(1);
    expect((w.requests('predict')[0].params as { image: Float32Array }).image[0]).toBeCloseTo(0.1);
    await expect(b).resolves.toBeNull(); // superseded by c while a was in flight

    w.result('predict', { probs: probs(3), modelId: 'default', version: 1, ms: 2 });
    await expect(a).resolves.toMatchObject({ modelId: 'default' });
    await flush();
    expect(w.requests('predict')).toHaveLength(2);
    expect((w.requests('predict')[1].params as { image: Float32Array }).image[0]).toBeCloseTo(0.3);

    const d = bridge.predictLatest(img(0.4));
    w.result('predict', { probs: probs(5), modelId: 'default', version: 1, ms: 2 });
    const rc = await c;
    expect(Array.from(rc!.probs).indexOf(Math.max(...rc!.probs))).toBe(5);
    await flush();
    expect(w.requests('predict')).toHaveLength(3);
    w.result('predict', { probs: probs(7), modelId: 'default', version: 1, ms: 2 });
    await expect(d).resolves.not.toBeNull();
  });

  it('waits for the model to be ready before sending', async () => {
    const bridge = makeBridge();
    const started = bridge.start();
    const p = bridge.predictLatest(new Float32Array(784));
    await flush();
    workers[0].result('init', { backend: 'webgl' });
    await flush();
    expect(workers[0].requests('predict')).toHaveLength(0);
    workers[0].result('loadModel', info());
    await started;
    await flush();
    expect(workers[0].requests('predict')).toHaveLength(1);
    workers[0].result('predict', { probs: probs(1), modelId: 'default', version: 1, ms: 1 });
    await expect(p).resolves.not.toBeNull();
  });

  it('transfers a copy of the image and leaves the caller\'s array intact', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    const image = new Float32Array(784).fill(0.5);
    void bridge.predictLatest(image);
    await flush();
    const sent = w.sent.at(-1)!;
    expect(sent.transfer).toHaveLength(1);
    expect(sent.transfer[0]).toBeInstanceOf(ArrayBuffer);
    expect(image.length).toBe(784);
    expect((sent.msg.params as { image: Float32Array }).image).toHaveLength(784);
  });

  it('rejects with WorkerError when the worker answers with an error', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    const p = bridge.predictLatest(new Float32Array(784));
    await flush();
    w.respond({ kind: 'error', requestId: w.lastRequest('predict').requestId, error: { code: 'bad-request', message: 'predict needs 784 pixels' } });
    await expect(p).rejects.toMatchObject({ name: 'WorkerError', info: { code: 'bad-request' } });
  });
});

describe('overlapping model loads', () => {
  /** Answers the loadModel request for `id` (not just the newest one). */
  const answerLoad = (w: FakeWorker, id: string, version = 1) => {
    const req = w.requests('loadModel').find((r) => (r.params as { id: string }).id === id)!;
    w.respond({ kind: 'result', requestId: req.requestId, data: info(id, version) });
  };

  it('marks ready only for the newest load, whatever order the answers come in', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    const a = bridge.loadModel('a');
    const b = bridge.loadModel('b');
    const a2 = bridge.loadModel('a');
    await flush();
    answerLoad(w, 'b');
    await b;
    // B answered, but A was asked for after it: still loading.
    expect(rec.named('modelLoaded').map((c) => (c.args[0] as ModelInfo).id)).toEqual(['default']);
    const [first, again] = w.requests('loadModel').filter((r) => (r.params as { id: string }).id === 'a');
    w.respond({ kind: 'result', requestId: first.requestId, data: info('a') });
    await a;
    // The first A is not the newest load either: only the third request may mark ready.
    expect(rec.named('modelLoaded')).toHaveLength(1);
    w.respond({ kind: 'result', requestId: again.requestId, data: info('a', 2) });
    await a2;
    expect(rec.named('modelLoaded').map((c) => (c.args[0] as ModelInfo).version)).toEqual([1, 2]);
  });

  it('never hands on a prediction made by a model other than the active one', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    const p = bridge.predictLatest(new Float32Array(784));
    await flush();
    const stale = w.lastRequest('predict');
    const loading = bridge.loadModel('b');
    await flush();
    answerLoad(w, 'b');
    await loading;
    // The predict sent before the switch answers for the old model.
    w.respond({ kind: 'result', requestId: stale.requestId, data: { probs: probs(3), modelId: 'default', version: 1, ms: 1 } });
    await flush();
    expect(w.requests('predict')).toHaveLength(2);
    w.result('predict', { probs: probs(8), modelId: 'b', version: 1, ms: 1 });
    await expect(p).resolves.toMatchObject({ modelId: 'b' });
  });
});

describe('request', () => {
  it('correlates answers by requestId and routes progress', async () => {
    const bridge = makeBridge();
    const progress: unknown[] = [];
    const listP = bridge.request('lab', 'listModels', {});
    const evalP = bridge.request('lab', 'evaluate', { id: 'default', limit: 100 }, { onProgress: (d) => progress.push(d) });
    await flush();
    const lab = latest('lab');
    expect(lab.sent[0].msg).toMatchObject({ method: 'init', params: { role: 'lab' } });
    lab.result('init', { backend: 'webgl' });
    await flush();
    const list = lab.lastRequest('listModels');
    const ev = lab.lastRequest('evaluate');
    lab.respond({ kind: 'progress', requestId: ev.requestId, data: { done: 50, total: 100 } });
    lab.respond({ kind: 'result', requestId: ev.requestId, data: { accuracy: 0.98, count: 100 } });
    lab.respond({ kind: 'result', requestId: list.requestId, data: [info()] });
    await expect(evalP).resolves.toEqual({ accuracy: 0.98, count: 100 });
    await expect(listP).resolves.toHaveLength(1);
    expect(progress).toEqual([{ done: 50, total: 100 }]);
    // The lab's init does not touch the infer backend shown in the header.
    expect(rec.named('setBackend')).toHaveLength(0);
  });

  it('rejects on abort', async () => {
    const bridge = makeBridge();
    const ctl = new AbortController();
    const p = bridge.request('lab', 'listModels', {}, { signal: ctl.signal });
    await flush();
    latest('lab').result('init', { backend: 'webgl' });
    await flush();
    ctl.abort();
    await expect(p).rejects.toBeDefined();
  });
});

describe('crashes and hangs', () => {
  it('respawns a crashed infer worker, reloads the model and retries the prediction once', async () => {
    const bridge = makeBridge();
    const w1 = await ready(bridge);
    const p = bridge.predictLatest(new Float32Array(784));
    await flush();
    expect(w1.requests('predict')).toHaveLength(1);

    w1.emit('error', { message: 'boom' });
    expect(w1.terminated).toBe(true);
    expect(rec.named('addNotice').at(-1)!.args[0]).toMatch(/prediction engine stopped responding/);
    await flush();
    const w2 = latest('infer');
    expect(w2).not.toBe(w1);
    expect(w2.sent.map((s) => s.msg.method)).toEqual(['init']);
    w2.result('init', { backend: 'webgl' });
    await flush();
    expect(w2.lastRequest('loadModel').params).toEqual({ id: 'default' });
    w2.result('loadModel', info());
    await flush();
    expect(w2.requests('predict')).toHaveLength(1);
    w2.result('predict', { probs: probs(4), modelId: 'default', version: 1, ms: 1 });
    await expect(p).resolves.not.toBeNull();
  });

  it('treats a predict with no answer for 30 s as a hang', async () => {
    const bridge = makeBridge();
    const w1 = await ready(bridge);
    void bridge.predictLatest(new Float32Array(784));
    await flush();
    vi.advanceTimersByTime(29_000);
    expect(w1.terminated).toBe(false);
    vi.advanceTimersByTime(1_500);
    expect(w1.terminated).toBe(true);
    await flush();
    expect(latest('infer')).not.toBe(w1);
  });

  it('never times out training', async () => {
    const bridge = makeBridge();
    const p = bridge.request('lab', 'train', { config: {} as never, resume: false });
    await flush();
    const lab = latest('lab');
    lab.result('init', { backend: 'webgl' });
    await flush();
    vi.advanceTimersByTime(3_600_000);
    expect(lab.terminated).toBe(false);
    lab.result('train', { stoppedEarly: false } as ResultOf<'train'>);
    await expect(p).resolves.toMatchObject({ stoppedEarly: false });
  });

  it('rejects in-flight lab requests with WorkerCrashError when the lab crashes', async () => {
    const bridge = makeBridge();
    const p = bridge.request('lab', 'train', { config: {} as never, resume: false });
    await flush();
    latest('lab').result('init', { backend: 'webgl' });
    await flush();
    latest('lab').emit('error', { message: 'out of memory' });
    await expect(p).rejects.toBeInstanceOf(WorkerCrashError);
    // Spawned again lazily on the next request.
    expect(bridge.isRunning('lab')).toBe(false);
  });

  it('gives up with an alert after repeated crashes', async () => {
    const bridge = makeBridge({ maxRestarts: 2 });
    await ready(bridge);
    for (let i = 0; i < 3; i++) {
      latest('infer').emit('error', { message: 'boom' });
      await flush();
    }
    const alert = rec.named('pushAlert').at(-1)!.args[0] as { title: string };
    expect(alert.title).toMatch(/prediction engine stopped working/);
    await expect(bridge.predictLatest(new Float32Array(784))).rejects.toBeInstanceOf(WorkerError);
  });
});

describe('events', () => {
  it('routes worker events to store actions', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    w.respond({ kind: 'event', event: { type: 'backend', backend: 'cpu', notice: 'Switched to CPU' } });
    expect(rec.named('setBackend').at(-1)!.args).toEqual(['cpu', 'Switched to CPU']);
    w.respond({ kind: 'event', event: { type: 'context-lost' } });
    expect(rec.named('addNotice').at(-1)!.args[1]).toMatchObject({ key: 'gpu-infer' });
    // Recovery replaces the warning with what happened and how long it took.
    w.respond({ kind: 'event', event: { type: 'context-restored', ms: 1234, modelId: 'default' } });
    expect(rec.named('addNotice').at(-1)!.args).toEqual([expect.stringMatching(/rebuilt it and reloaded its model in 1\.2 s/), { tone: 'info', key: 'gpu-infer' }]);
    w.respond({ kind: 'event', event: { type: 'storage', status: { mode: 'memory', reason: 'private window' } } });
    expect(rec.named('addNotice').at(-1)!.args).toEqual([expect.stringMatching(/private window.*kept in memory/), { tone: 'warning', key: 'storage' }]);
  });

  it('reloads the active model on the infer worker when the lab saves new weights for it', async () => {
    const bridge = makeBridge();
    const w = await ready(bridge);
    void bridge.request('lab', 'listModels', {});
    await flush();
    const lab = latest('lab');
    lab.result('init', { backend: 'webgl' });
    lab.respond({ kind: 'event', event: { type: 'model-saved', model: info('default', 2) } });
    expect(rec.named('modelSaved')).toHaveLength(1);
    await flush();
    expect(w.requests('loadModel')).toHaveLength(2);
    lab.respond({ kind: 'event', event: { type: 'model-saved', model: info('run-1', 1) } });
    await flush();
    expect(w.requests('loadModel')).toHaveLength(2);
  });
});
