import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { TrainConfig } from '../../shared/types';
import { configProblem } from '../../shared/zoo';
import { buildModel } from '../models/zoo';
import { memoryCheckpoints, openMnist } from '../testing/fixtures';
import type { MnistData } from '../data/dataset';
import { decayAt, WeightAverage } from './average';
import { runTraining, type TrainDeps } from './loop';
import { makeOptimizer } from './optim';

let data: MnistData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await openMnist();
});

const flat = (ws: tf.Tensor[]) => ws.flatMap((w) => Array.from(w.dataSync()));
const setAll = (m: tf.LayersModel, v: number) => m.setWeights(m.getWeights().map((w) => tf.fill(w.shape, v)));

describe('weight average', () => {
  it('decays less while few batches are in, then at the chosen rate', () => {
    expect(decayAt(0.999, 0)).toBeCloseTo(0.1, 10);
    expect(decayAt(0.999, 10)).toBeCloseTo(11 / 20, 10);
    expect(decayAt(0.999, 100_000)).toBe(0.999);
    expect(decayAt(0.9, 1000)).toBe(0.9);
  });

  it('is the moving average of the weights, swapped in and out without touching the live ones', async () => {
    const m = buildModel('linear');
    setAll(m, 1);
    const avg = new WeightAverage(m, 0.5);
    // Updates 0 and 1 decay by min(0.5, 1/10) and min(0.5, 2/11); from then on by 0.5.
    const steps = [3, 5, 7];
    let expected = 1;
    steps.forEach((v, t) => {
      setAll(m, v);
      avg.update(m);
      const d = decayAt(0.5, t);
      expected = d * expected + (1 - d) * v;
    });
    // An update and a swap leave no tensor behind.
    const before = tf.memory().numTensors;
    avg.update(m);
    await avg.swapIn(m, async () => undefined);
    expect(tf.memory().numTensors).toBe(before);
    const d3 = decayAt(0.5, 3);
    expected = d3 * expected + (1 - d3) * 7;
    const live = flat(m.getWeights());
    const inside = await avg.swapIn(m, async () => flat(m.getWeights()));
    expect(inside.every((x) => Math.abs(x - expected) < 1e-5)).toBe(true);
    expect(flat(m.getWeights())).toEqual(live);
    // A throwing job still gets the live weights back.
    await expect(avg.swapIn(m, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(flat(m.getWeights())).toEqual(live);

    // The checkpoint's state carries on where it left off; one that does not fit the model starts afresh.
    const state = await avg.state();
    expect(state.updates).toBe(4);
    const again = new WeightAverage(m, 0.5, state);
    expect(await again.swapIn(m, async () => flat(m.getWeights()))).toEqual(inside);
    const other = new WeightAverage(m, 0.5, { updates: 9, weights: state.weights.slice(1) });
    expect(await other.swapIn(m, async () => flat(m.getWeights()))).toEqual(live);
    expect((await other.state()).updates).toBe(0);
    [avg, again, other].forEach((a) => a.dispose());
    m.dispose();
  });

  it('is a checked recipe field: 0 turns it off, 0.5 to under 1 is a decay', () => {
    const c: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0 };
    expect(configProblem({ ...c, weightAverage: 0 })).toBeNull();
    expect(configProblem({ ...c, weightAverage: 0.999 })).toBeNull();
    expect(configProblem({ ...c, weightAverage: 1 })).toMatch(/Weight averaging/);
    expect(configProblem({ ...c, weightAverage: 0.2 })).toMatch(/Weight averaging/);
  });
});

describe('a run with weight averaging (CPU backend, real MNIST subset)', () => {
  const config: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 1600, testLimit: 400, seed: 5, weightAverage: 0.9 };

  it('is tested and saved with the average, checkpoints the live weights with the average beside them, and resumes both', async () => {
    let calls = 0;
    const checkpoints = memoryCheckpoints();
    let savedWeights: number[] = [];
    let live: number[] = [];
    const d: TrainDeps = {
      data,
      checkpoints,
      onProgress: () => undefined,
      shouldStop: () => ++calls > 20,
      afterBatch: async (model) => {
        live = flat(model.getWeights());
        return false;
      },
      saveResult: async (model, c, s) => {
        savedWeights = flat(model.getWeights());
        return { id: 'r', name: 'r', arch: c.arch, params: 0, testAccuracy: s.testAccuracy, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
      },
    };
    const first = await runTraining(config, false, d);
    expect(first.stoppedEarly).toBe(true);
    expect(first.test!.accuracy).toBeGreaterThan(0.6);
    // What was saved is not the live weights of the last batch, but the checkpoint is.
    expect(savedWeights).not.toEqual(live);
    const ck = await checkpoints.load(makeOptimizer('sgd', 0.1));
    expect(flat(ck!.model.getWeights())).toEqual(live);
    // One update a batch.
    expect(ck!.average!.updates).toBe(first.samplesSeen / 32);
    expect(ck!.average!.weights.flatMap((w) => Array.from(w.data))).toEqual(savedWeights);
    ck!.model.dispose();

    // Resumed, the run goes on averaging from where it stopped, to the end of the epoch.
    calls = -1e9;
    const resumed = await runTraining(config, true, d);
    expect(resumed.stoppedEarly).toBe(false);
    expect(resumed.test!.accuracy).toBeGreaterThan(0.8);
    expect(savedWeights).not.toEqual(live);
  });
});
