import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PredictResult } from '../../shared/protocol';
import { useStore } from '../store';
import { LivePredictor } from './livePredict';

const initial = useStore.getState();
const s = () => useStore.getState();

function deferred() {
  let resolve!: (r: PredictResult | null) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<PredictResult | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const answer = (digit: number): PredictResult => {
  const probs = new Float32Array(10);
  probs[digit] = 1;
  return { probs, modelId: 'default', version: 1, ms: 1 };
};

let now = 0;
let calls: { image: Float32Array; d: ReturnType<typeof deferred> }[];
let predictor: LivePredictor;

beforeEach(() => {
  useStore.setState(initial, true);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  now = 1000;
  calls = [];
  predictor = new LivePredictor({
    predict: (image) => {
      const d = deferred();
      calls.push({ image, d });
      return d.promise;
    },
    store: s,
    intervalMs: 80,
    now: () => now,
  });
  s().setViewSize(280);
});
afterEach(() => vi.useRealTimers());

describe('LivePredictor', () => {
  it('throttles live predictions during a stroke and predicts at once when asked', () => {
    s().beginStroke({ x: 100, y: 100 });
    predictor.changed();
    expect(calls).toHaveLength(1); // leading edge
    const tick = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    for (let i = 1; i <= 5; i++) {
      tick(10);
      s().extendStroke([{ x: 100 + i * 10, y: 100 }]);
      predictor.changed();
    }
    expect(calls).toHaveLength(1);
    tick(29);
    expect(calls).toHaveLength(1);
    tick(1);
    expect(calls).toHaveLength(2); // trailing edge, 80 ms after the first
    s().extendStroke([{ x: 200, y: 200 }]);
    predictor.flush();
    expect(calls).toHaveLength(3);
  });

  it('spaces live predictions to twice a slow round trip, so the engine is never busy more than half the time', async () => {
    const tick = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    s().beginStroke({ x: 100, y: 100 });
    predictor.changed();
    expect(calls).toHaveLength(1);
    tick(150); // a slow engine: the answer comes 150 ms later
    calls[0].d.resolve(answer(1));
    await Promise.resolve();
    await Promise.resolve();
    s().extendStroke([{ x: 120, y: 100 }]);
    predictor.changed();
    expect(calls).toHaveLength(1); // 150 ms since the last run, but the spacing is now 300 ms
    tick(149);
    expect(calls).toHaveLength(1);
    tick(1);
    expect(calls).toHaveLength(2);
  });

  it('sends the preprocessed 28×28 image and shows it as the preview', () => {
    s().beginStroke({ x: 140, y: 40 });
    s().extendStroke([{ x: 140, y: 240 }]);
    predictor.flush();
    expect(calls[0].image).toHaveLength(784);
    expect(s().preview).toBe(calls[0].image);
    expect(Math.max(...calls[0].image)).toBeCloseTo(1);
  });

  it('ends pending only with the answer for the current drawing', async () => {
    s().beginStroke({ x: 100, y: 100 });
    predictor.flush();
    s().extendStroke([{ x: 150, y: 150 }]);
    predictor.flush();
    calls[0].d.resolve(answer(7));
    await Promise.resolve();
    await Promise.resolve();
    expect(s()).toMatchObject({ digit: 7, pending: true });
    calls[1].d.resolve(answer(1));
    await vi.waitFor(() => expect(s()).toMatchObject({ digit: 1, pending: false }));
  });

  it('stops waiting and alerts when a prediction fails', async () => {
    s().beginStroke({ x: 100, y: 100 });
    predictor.flush();
    calls[0].d.reject(new Error('worker said no'));
    await vi.waitFor(() => expect(s().pending).toBe(false));
    expect(s().alerts[0]).toMatchObject({ key: 'predict', message: 'worker said no' });
  });

  it('does not alert again when the model itself is missing', async () => {
    s().modelFailed('default', { code: 'model-missing', message: 'gone' });
    s().beginStroke({ x: 100, y: 100 });
    predictor.flush();
    calls[0].d.reject(new Error('gone'));
    await vi.waitFor(() => expect(s().pending).toBe(false));
    expect(s().alerts).toHaveLength(0);
  });

  it('ignores superseded (null) answers', async () => {
    s().beginStroke({ x: 100, y: 100 });
    predictor.flush();
    calls[0].d.resolve(null);
    await Promise.resolve();
    expect(s()).toMatchObject({ digit: null, pending: true });
  });
});
