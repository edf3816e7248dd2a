import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { TrainConfig, TrainProgress } from '../../shared/types';
import { configProblem, runTraining, type TrainDeps } from './loop';
import { lrAt } from './optim';
import { memoryCheckpoints, openMnist } from '../testing/fixtures';
import type { MnistData } from '../data/dataset';

let data: MnistData;
beforeAll(async () => {
  data = await openMnist();
});

const base: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 2000, testLimit: 500, seed: 3 };

function deps(over: Partial<TrainDeps> = {}) {
  const progress: TrainProgress[] = [];
  const checkpoints = memoryCheckpoints();
  const d: TrainDeps = {
    data,
    checkpoints,
    onProgress: (p) => progress.push(p),
    shouldStop: () => false,
    saveResult: async (model, config, s) => ({ id: 'r', name: 'r', arch: config.arch, params: model.countParams(), testAccuracy: s.testAccuracy, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false }),
    ...over,
  };
  return { d, progress, checkpoints };
}

describe('training loop (CPU backend, real MNIST subset)', () => {
  it('loss falls and test accuracy beats chance by far', async () => {
    const { d, progress } = deps();
    const r = await runTraining({ ...base, epochs: 2 }, false, d);
    const pts = progress.flatMap((p) => p.points);
    expect(pts.length).toBe(2 * Math.ceil(2000 / 32));
    const first = pts.slice(0, 5).reduce((a, p) => a + p.loss, 0) / 5;
    const last = pts.slice(-5).reduce((a, p) => a + p.loss, 0) / 5;
    expect(last).toBeLessThan(first * 0.6);
    expect(r.test!.accuracy).toBeGreaterThan(0.8);
    expect(r.test!.confusion.reduce((a, b) => a + b, 0)).toBe(500);
    expect(progress.some((p) => p.val)).toBe(true);
  });

  it('honours stop after the current batch and checkpoints there', async () => {
    let calls = 0;
    const { d, checkpoints } = deps({ shouldStop: () => ++calls > 7 });
    const r = await runTraining(base, false, d);
    expect(r.stoppedEarly).toBe(true);
    expect(r.samplesSeen).toBe(7 * 32);
    expect(checkpoints.saved).toBe(1);
  });

  it('resumes from a checkpoint with the same weights it stopped with', async () => {
    let calls = 0;
    const { d, checkpoints } = deps({ shouldStop: () => ++calls > 5 });
    let stoppedWeights: number[] = [];
    d.saveResult = async (model) => {
      stoppedWeights = Array.from(model.getWeights()[0].dataSync().slice(0, 50));
      return { id: 'r', name: 'r', arch: 'linear', params: 0, testAccuracy: 0, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
    };
    await runTraining({ ...base, optimizer: 'adam', learningRate: 0.01 }, false, d);
    const loaded = await checkpoints.load(tf.train.adam(0.01));
    expect(loaded!.info.batchesDone).toBe(5);
    expect(Array.from(loaded!.model.getWeights()[0].dataSync().slice(0, 50))).toEqual(stoppedWeights);
    loaded!.model.dispose();
    // Resume runs only the batches that were left in the epoch.
    const { d: d2, progress } = deps({ checkpoints });
    const r = await runTraining({ ...base, optimizer: 'adam', learningRate: 0.01 }, true, d2);
    expect(progress.flatMap((p) => p.points).length).toBe(Math.ceil(2000 / 32) - 5);
    expect(r.stoppedEarly).toBe(false);
  });

  it('checkpoints mid-epoch on a timer, so a closed tab loses at most that long', async () => {
    // A fake clock: every call moves it 1 s on, so checkpoints fall due every few batches.
    let t = 0;
    const saves: number[] = [];
    const { d, checkpoints } = deps({ now: () => (t += 1000), checkpointEveryMs: 5_000 });
    const save = checkpoints.save.bind(checkpoints);
    checkpoints.save = async (m, o, info) => {
      saves.push(info.batchesDone);
      return save(m, o, info);
    };
    await runTraining({ ...base, epochs: 1 }, false, d);
    const midEpoch = saves.filter((b) => b > 0);
    expect(midEpoch.length).toBeGreaterThanOrEqual(2);
    // Each one records how far into the epoch it was (it resumes from there), increasing.
    expect(midEpoch.every((b, i) => b < Math.ceil(2000 / 32) && (i === 0 || b > midEpoch[i - 1]))).toBe(true);
    // None with the default two minutes of a real clock in a run this short.
    const { d: d2, checkpoints: c2 } = deps();
    await runTraining({ ...base, epochs: 1, maxBatches: 30 }, false, d2);
    expect(c2.saved).toBe(1);
  });

  it('waits for the GPU between read-backs when batches are slow, and not when they are quick', async () => {
    // A fake clock where every reading is 40 ms on: a batch is worth more than the 100 ms budget.
    let t = 0;
    let waits = 0;
    const { d } = deps({ now: () => (t += 40), gpuQueueMs: 100, gpuCaughtUp: async () => void waits++ });
    await runTraining({ ...base, maxBatches: 30 }, false, d);
    expect(waits).toBeGreaterThan(5);
    let waits2 = 0;
    const { d: d2 } = deps({ gpuQueueMs: 1e9, gpuCaughtUp: async () => void waits2++ });
    await runTraining({ ...base, maxBatches: 30 }, false, d2);
    // Only the first two batches are waited for: the first sync is a baseline, the second measures a batch.
    expect(waits2).toBeLessThanOrEqual(2);
  });

  it('keeps the tensor count flat across training steps', async () => {
    const counts: number[] = [];
    const { d } = deps({ onProgress: (p) => p.phase === 'training' && p.points.length && counts.push(tf.memory().numTensors) });
    await runTraining({ ...base, arch: 'linear', batchSize: 8, augment: true, optimizer: 'adam', learningRate: 0.001, trainLimit: 400, testLimit: 50, maxBatches: 40 }, false, d);
    expect(counts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('trains a batch-norm CNN step and leaves no tensors behind', async () => {
    const { d } = deps();
    const before = tf.memory().numTensors;
    await runTraining({ ...base, arch: 'cnn', maxBatches: 1, batchSize: 2, augment: true, optimizer: 'adam', learningRate: 0.001, trainLimit: 100, testLimit: 10 }, false, d);
    // Only the shards the data cache keeps on purpose may remain.
    const cached = 2 * 2;
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + cached);
  });

  it('warm-starts from a stored model: same weights at the start, a mismatched one is refused with a reason', async () => {
    // A trained linear model to start from.
    let trained: tf.LayersModel | null = null;
    const { d: d0 } = deps({ saveResult: async (model) => {
      trained = await tf.models.modelFromJSON(model.toJSON(undefined, false) as never);
      trained.setWeights(model.getWeights());
      return { id: 'r', name: 'r', arch: 'linear', params: 0, testAccuracy: 0, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
    } });
    const first = await runTraining(base, false, d0);
    const opened: string[] = [];
    const openInitial = async (id: string) => {
      opened.push(id);
      const m = await tf.models.modelFromJSON(trained!.toJSON(undefined, false) as never);
      m.setWeights(trained!.getWeights());
      return m;
    };
    // With no steps taken, the test accuracy is the stored model's: nothing was re-initialised.
    const { d } = deps({ openInitial });
    const warm = await runTraining({ ...base, initFrom: 'stored', maxBatches: 0, seed: 99 }, false, d);
    expect(opened).toEqual(['stored']);
    expect(warm.test!.accuracy).toBe(first.test!.accuracy);
    const { d: cold } = deps();
    const fresh = await runTraining({ ...base, maxBatches: 0, seed: 99 }, false, cold);
    expect(fresh.test!.accuracy).toBeLessThan(0.5);
    // A different architecture's weights do not fit.
    const { d: d2 } = deps({ openInitial });
    await expect(runTraining({ ...base, arch: 'mlp', initFrom: 'stored' }, false, d2)).rejects.toMatchObject({ code: 'bad-request', message: /does not have this architecture/ });
    // No way to open stored models: a clear refusal, not a silent fresh start.
    const { d: d3 } = deps();
    await expect(runTraining({ ...base, initFrom: 'stored' }, false, d3)).rejects.toMatchObject({ code: 'bad-request' });
    trained!.dispose();
  });

  it('stops on a NaN loss, restores good weights and says so', async () => {
    const { d } = deps();
    await expect(runTraining({ ...base, learningRate: 1e38 }, false, d)).rejects.toMatchObject({ code: 'nan-loss' });
  });

  it('rejects bad configs with a reason', () => {
    expect(configProblem({ ...base, batchSize: 0 })).toMatch(/Batch size/);
    expect(configProblem({ ...base, batchSize: 60000 })).toMatch(/exceed/);
    expect(configProblem({ ...base, learningRate: -1 })).toMatch(/Learning rate/);
    expect(configProblem({ ...base, learningRate: NaN })).toMatch(/Learning rate/);
    expect(configProblem({ ...base, epochs: 1.5 })).toMatch(/Epochs/);
    expect(configProblem(base)).toBeNull();
  });

  it('one-cycle schedule warms up, peaks and anneals', () => {
    expect(lrAt(0, 100, 1)).toBeCloseTo(0.04);
    expect(lrAt(25, 100, 1)).toBeCloseTo(1);
    expect(lrAt(99, 100, 1)).toBeLessThan(0.01);
  });
});
