import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { TrainConfig } from '../../shared/types';
import { runTraining, type TrainDeps } from './loop';
import { StrokeMix } from './mix';
import { rng } from './augment';
import { memoryCheckpoints, openMnist, openStrokes } from '../testing/fixtures';
import type { MnistData, SplitLoader } from '../data/dataset';

let data: MnistData;
let strokes: MnistData;
beforeAll(async () => {
  data = await openMnist();
  strokes = await openStrokes();
});

const base: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 2000, testLimit: 500, seed: 3 };

function deps(over: Partial<TrainDeps> = {}): TrainDeps {
  return {
    data,
    strokes,
    checkpoints: memoryCheckpoints(),
    onProgress: () => undefined,
    shouldStop: () => false,
    saveResult: async (model, config, s) => ({ id: 'r', name: 'r', arch: config.arch, params: model.countParams(), testAccuracy: s.testAccuracy, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false }),
    ...over,
  };
}

describe('drawn digits in training (CPU backend, the built stroke shards)', () => {
  it('draws every loaded shard by its size, so a small shard of one style (a weighted European 1) comes up as its share', async () => {
    const shard = (file: string, count: number, label: number) => {
      const labels = new Uint8Array(count).fill(label);
      return { file, count, xs: tf.zeros([count, 28, 28, 1]) as tf.Tensor4D, ys: tf.tensor1d(labels, 'int32'), labels };
    };
    const shards = [shard('train-00.bin', 500, 0), shard('train-01.bin', 100, 1)];
    const loader = { shards, error: null, next: async () => undefined } as unknown as SplitLoader;
    const mix = new StrokeMix(loader, 0.2, rng(5));
    await mix.ready();
    const ys = tf.tidy(() => mix.take(6000).ys.dataSync());
    const ones = Array.from(ys).reduce((a, v) => a + v, 0) / ys.length;
    expect(ones).toBeGreaterThan(1 / 6 - 0.02);
    expect(ones).toBeLessThan(1 / 6 + 0.02);
    shards.forEach((s) => (s.xs.dispose(), s.ys.dispose()));
  });

  it('takes the asked share of a batch from the stroke train part, labels with their images', async () => {
    const mix = new StrokeMix(strokes.split('train'), 0.25, rng(1));
    await mix.ready();
    expect(mix.count(128)).toBe(32);
    expect(mix.count(2)).toBe(1); // never a whole batch
    const { xs, ys } = mix.take(32);
    expect(xs.shape).toEqual([32, 28, 28, 1]);
    const labels = Array.from(ys.dataSync());
    expect(labels.every((l) => l >= 0 && l <= 9)).toBe(true);
    expect(new Set(labels).size).toBeGreaterThan(5);
    // Each image is a drawing: some ink, mostly background.
    const inkPerImage = tf.mean(tf.reshape(xs, [32, 784]), 1).dataSync();
    expect(Math.min(...inkPerImage)).toBeGreaterThan(0.02);
    expect(Math.max(...inkPerImage)).toBeLessThan(0.5);
    tf.dispose([xs, ys]);
  });

  it('a run with drawn digits mixed in reads more held-out strokes, and reports them', async () => {
    const plain = await runTraining({ ...base, epochs: 2 }, false, deps());
    const mixed = await runTraining({ ...base, epochs: 2, strokeShare: 0.3 }, false, deps());
    expect(plain.strokes!.count).toBe(500); // testLimit applies to the held-out strokes too
    expect(mixed.strokes!.confusion.reduce((a, b) => a + b, 0)).toBe(500);
    // Same number of samples seen: the batch keeps its size.
    expect(mixed.samplesSeen).toBe(plain.samplesSeen);
    expect(mixed.strokes!.accuracy).toBeGreaterThan(plain.strokes!.accuracy + 0.05);
    expect(mixed.test!.accuracy).toBeGreaterThan(0.75);
  }, 180_000);

  it('refuses a stroke share without stroke data, and reports no stroke score', async () => {
    await expect(runTraining({ ...base, strokeShare: 0.2, maxBatches: 2 }, false, deps({ strokes: null }))).rejects.toThrow(/Drawn-digit training data/);
    const r = await runTraining({ ...base, maxBatches: 2 }, false, deps({ strokes: null }));
    expect(r.strokes).toBeNull();
  });
});
