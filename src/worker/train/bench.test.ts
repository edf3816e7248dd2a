import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { MnistData } from '../data/dataset';
import { tracker } from './bench';

const params = (warmupBatches: number) => ({ loop: 'ours' as const, config: { arch: 'linear' as const, epochs: 1, batchSize: 8, learningRate: 0.1, optimizer: 'sgd' as const, augment: false, schedule: 'constant' as const, labelSmoothing: 0 }, warmupBatches, seconds: 3600 });

describe('bench tracker', () => {
  // A time-to-accuracy run asks for no warm-up: its clock must still run (session 6 found it never started, so nothing was timed or evaluated).
  it.each([
    [0, 5],
    [1, 5],
    [3, 3],
  ])('with %i warm-up batches times the batches after the first max(1, warm-up): %i of 6', async (warmup, timed) => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const t = tracker({} as MnistData, params(warmup), () => undefined);
    for (let b = 1; b <= 6; b++) expect(await t.after(model, b)).toBe(false);
    const r = t.result('ours');
    expect(r.batches).toBe(timed);
    expect(r.samples).toBe(timed * 8);
    expect(r.trainSeconds).toBeGreaterThan(0);
    model.dispose();
  });
});
