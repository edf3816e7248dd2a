import { describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { MnistData } from '../data/dataset';
import { tracker } from './bench';
import * as evaluation from './evaluate';

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

  it('evaluates every evalEvery timed batches and at the run\'s last batch, and stops once the target is reached', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const seen: number[] = [];
    let accuracy = 0.9;
    const data = { split: () => ({ whenAll: Promise.resolve(), shards: [] }) } as unknown as MnistData;
    // 20 training images at batch 8: 3 batches an epoch, 2 epochs, so batch 6 is the last.
    const p = { ...params(0), config: { ...params(0).config, epochs: 2, trainLimit: 20 }, evalEvery: 4, targetAccuracy: 0.95, evalLimit: 10 };
    const t = tracker(data, p, (e) => e.accuracy !== undefined && seen.push(e.batches));
    const evaluate = vi.spyOn(evaluation, 'evaluate').mockImplementation(async () => ({ accuracy, loss: 0, count: 10 }));
    for (let b = 1; b <= 5; b++) expect(await t.after(model, b)).toBe(false);
    accuracy = 0.96;
    expect(await t.after(model, 6)).toBe(true);
    expect(seen).toEqual([5, 6]);
    expect(t.reachedAt).toMatchObject({ accuracy: 0.96, samples: 5 * 8 });
    evaluate.mockRestore();
    model.dispose();
  });
});

describe('the Train tab\u2019s speed estimate (benchOurs, quick)', () => {
  it('times a recipe that mixes in drawn digits with them; without the stroke shards it says why', async () => {
    const { openMnist, openStrokes } = await import('../testing/fixtures');
    const { benchOurs } = await import('./bench');
    const [data, strokes] = [await openMnist(), await openStrokes()];
    const p = { ...params(1), quick: true, seconds: 60, config: { ...params(1).config, batchSize: 32, trainLimit: 320, testLimit: 64, strokeShare: 0.2, seed: 1 } };
    const r = await benchOurs(data, p, () => undefined, strokes);
    expect(r.batches).toBe(9);
    expect(r.samplesPerSec).toBeGreaterThan(0);
    await expect(benchOurs(data, p, () => undefined)).rejects.toThrow(/Drawn-digit training data/);
  });
});
