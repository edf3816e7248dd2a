/** The inference gate through the bridge: latest-wins prediction, and overlapping model loads. */
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../shared/types';
import { FakeWorker, flush, info, makeBridge, probs, ready, rec, useBridgeHarness, workers } from './testing';

useBridgeHarness();

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

