import { describe, expect, it, vi } from 'vitest';
import { WorkerError, type ResultOf } from '../../shared/protocol';
import { WorkerCrashError } from '.';
import { flush, info, latest, makeBridge, probs, ready, rec, useBridgeHarness, workers } from './testing';

useBridgeHarness();

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

describe('stroke hints to the lab', () => {
  it('never starts the lab for them, and a lab slow to answer one is not taken for hung', async () => {
    const bridge = makeBridge();
    await ready(bridge);
    bridge.userDrawing(true);
    bridge.userComing();
    await flush();
    expect(workers.filter((w) => w.role === 'lab')).toHaveLength(0);
    // With the lab running (as it is while training), the hint goes to it.
    void bridge.request('lab', 'train', { config: {} as never, resume: false }).catch(() => undefined);
    await flush();
    latest('lab').result('init', { backend: 'webgl' });
    await flush();
    bridge.userDrawing(true);
    await flush();
    expect(latest('lab').lastRequest('userInput').params).toEqual({ drawing: true });
    bridge.userComing();
    await flush();
    expect(latest('lab').lastRequest('userInput').params).toEqual({});
    // A long training batch keeps the lab from answering for minutes: no restart.
    vi.advanceTimersByTime(10 * 60_000);
    await flush();
    expect(latest('lab').terminated).toBe(false);
    expect(rec.named('addNotice')).toHaveLength(0);
  });
});
