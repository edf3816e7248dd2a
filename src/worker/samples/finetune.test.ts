/**
 * Fine-tuning on real MNIST shards with small models (tfjs CPU backend in
 * Node): the user's style is learned, replay keeps MNIST, batch norm stays
 * put in inference mode, nothing leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { Point } from '../../shared/preprocess';
import type { FineTuneConfig, TrainingSample } from '../../shared/teach-types';
import { openMnist } from '../testing/fixtures';
import type { GpuShard, MnistData } from '../data/dataset';
import { buildModel } from '../models/zoo';
import { evaluate } from '../train/evaluate';
import { rng } from '../train/augment';
import { fineTuneModel, fineTuneConfigProblem, predictImages, FULL_CONFIG, QUICK_CONFIG } from './finetune';
import { renderAtThickness, variantPool } from './augment';

let data: MnistData;
let replay: GpuShard[];
let test: GpuShard[];

/** An X with a bar under it, jittered, labelled 8: a shape no MNIST digit has, so the base model cannot already know it. */
function oddStyle(seed: number): TrainingSample {
  const r = rng(seed);
  const j = (v: number) => v + (r() - 0.5) * 0.06;
  const pts = (list: [number, number][]) => list.map(([x, y]) => ({ x: j(x), y: j(y) }) as Point);
  return { label: 8, strokes: [pts([[0.25, 0.15], [0.75, 0.7]]), pts([[0.75, 0.15], [0.25, 0.7]]), pts([[0.25, 0.85], [0.75, 0.85]])] };
}

const cfg = (c: Partial<FineTuneConfig>): FineTuneConfig => ({ ...FULL_CONFIG, ...c });

async function mnistAcc(model: tf.LayersModel) {
  return (await evaluate(model, test)).accuracy;
}

let baseWeights: tf.Tensor[] = [];

/** A linear model trained briefly on MNIST (once, then copied): a base that knows digits. */
async function baseModel(): Promise<tf.LayersModel> {
  const model = buildModel('linear', 1);
  if (baseWeights.length === 0) {
    const s = replay[0];
    await fineTuneModel(model, { xs: s.xs, ys: s.ys, count: s.count }, [], cfg({ steps: 120, batchSize: 64, replayRatio: 0, learningRate: 0.01 }));
    baseWeights = model.getWeights().map((w) => tf.keep(tf.clone(w)));
  } else {
    model.setWeights(baseWeights);
  }
  return model;
}

async function styleAcc(model: tf.LayersModel, samples: TrainingSample[]) {
  const images = new Float32Array(samples.length * 784);
  samples.forEach((s, i) => images.set(renderAtThickness(s.strokes, 1)!, i * 784));
  const { preds } = await predictImages(model, images, samples.length);
  return Array.from(preds).filter((p, i) => p === samples[i].label).length / samples.length;
}

beforeAll(async () => {
  data = await openMnist();
  const r = data.split('train', 5000);
  const t = data.split('test', 1000);
  await Promise.all([r.whenAll, t.whenAll]);
  replay = r.shards;
  test = t.shards;
});

describe('fine-tuning', () => {
  it('learns a new style from a few drawings while replay keeps MNIST', { timeout: 180_000 }, async () => {
    const model = await baseModel();
    const before = await mnistAcc(model);
    expect(before).toBeGreaterThan(0.8);
    const train = Array.from({ length: 6 }, (_, i) => oddStyle(100 + i));
    const heldOut = Array.from({ length: 10 }, (_, i) => oddStyle(900 + i));
    expect(await styleAcc(model, heldOut)).toBeLessThan(0.3);

    const pool = await variantPool(train, 5);
    expect(pool.count).toBe(6 * 72);
    const tensorsBefore = tf.memory().numTensors;
    const points: number[] = [];
    const run = await fineTuneModel(model, pool, replay, cfg({ steps: 90, learningRate: 0.01 }), { onPoints: (p) => points.push(...p.map((x) => x.loss)) });
    // Flat memory across steps: the optimizer and every batch are gone.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose([pool.xs, pool.ys]);

    expect(run).toMatchObject({ steps: 90, stopped: false });
    expect(points).toHaveLength(90);
    expect(await styleAcc(model, heldOut)).toBeGreaterThanOrEqual(0.9);
    const after = await mnistAcc(model);
    // A linear model has little room for a new style; the app adds a guard on top (tested below).
    expect(before - after).toBeLessThan(0.04);
    model.dispose();
  });

  it('forgets more without replay than with it', { timeout: 180_000 }, async () => {
    const train = Array.from({ length: 6 }, (_, i) => oddStyle(200 + i));
    const drops: number[] = [];
    for (const replayRatio of [0, 0.5]) {
      const model = await baseModel();
      const before = await mnistAcc(model);
      const pool = await variantPool(train, 6);
      await fineTuneModel(model, pool, replay, cfg({ steps: 60, learningRate: 0.01, replayRatio }));
      tf.dispose([pool.xs, pool.ys]);
      drops.push(before - (await mnistAcc(model)));
      model.dispose();
    }
    expect(drops[0]).toBeGreaterThan(drops[1] + 0.02);
  });

  it('keeps batch-norm statistics in inference mode and trains only the head when asked', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    let x = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 16, name: 'hidden' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, activation: 'softmax', name: 'probs' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const pool = await variantPool([oddStyle(1), oddStyle(2)], 1);
    const bnStats = async () => Array.from(await model.getLayer('bn').getWeights()[2].data());
    // The whole kernel: rows for pixels that are always blank get no gradient.
    const hidden = async () => Array.from(await model.getLayer('hidden').getWeights()[0].data());

    const stats0 = await bnStats();
    const hidden0 = await hidden();
    await fineTuneModel(model, pool, replay, cfg({ steps: 3, batchNorm: 'inference', layers: 'head' }));
    expect(await bnStats()).toEqual(stats0);
    expect(await hidden()).toEqual(hidden0);

    await fineTuneModel(model, pool, replay, cfg({ steps: 3, batchNorm: 'inference', layers: 'all' }));
    expect(await bnStats()).toEqual(stats0);
    expect(await hidden()).not.toEqual(hidden0);

    await fineTuneModel(model, pool, replay, cfg({ steps: 3, batchNorm: 'train' }));
    expect(await bnStats()).not.toEqual(stats0);
    tf.dispose([pool.xs, pool.ys]);
    model.dispose();
  });

  it('balanced softmax does not learn how often each digit is in the batch', async () => {
    // A model that says 1/10 for everything, and batches half full of one digit (8).
    const pool = await variantPool([oddStyle(5), oddStyle(6)], 7);
    const shifts: number[] = [];
    for (const balance of [false, true]) {
      const model = buildModel('linear', 1);
      model.setWeights(model.getWeights().map((w) => tf.zerosLike(w)));
      await fineTuneModel(model, pool, replay, cfg({ steps: 1, optimizer: 'sgd', learningRate: 0.1, balance }));
      shifts.push((await model.getLayer('probs').getWeights()[1].data())[8]);
      model.dispose();
    }
    // Plain cross-entropy pushes the 8 output up for every image; the balanced loss leaves its bias (almost) alone.
    expect(shifts[0]).toBeGreaterThan(0.02);
    expect(Math.abs(shifts[1])).toBeLessThan(shifts[0] / 5);
    tf.dispose([pool.xs, pool.ys]);
  });

  it('the forgetting guard steps back to the last good weights and gives up after three failures', async () => {
    const model = buildModel('linear', 3);
    const w0 = Array.from(await model.getWeights()[0].data());
    const pool = await variantPool([oddStyle(4)], 1);
    const failing = await fineTuneModel(model, pool, replay, cfg({ steps: 50, learningRate: 0.05 }), { guard: { every: 5, check: async () => false } });
    expect(failing).toMatchObject({ steps: 15, rollbacks: 3, checks: 3 });
    // Every check failed, so the weights are where they started.
    expect(Array.from(await model.getWeights()[0].data())).toEqual(w0);

    const passing = await fineTuneModel(model, pool, replay, cfg({ steps: 12, learningRate: 0.05 }), { guard: { every: 5, check: async () => true } });
    expect(passing).toMatchObject({ steps: 12, rollbacks: 0, checks: 3 });
    expect(Array.from(await model.getWeights()[0].data())).not.toEqual(w0);
    tf.dispose([pool.xs, pool.ys]);
    model.dispose();
  });

  it('stops when asked and checks its config', async () => {
    const model = buildModel('linear', 2);
    const pool = await variantPool([oddStyle(3)], 1);
    let calls = 0;
    const run = await fineTuneModel(model, pool, replay, cfg({ steps: 50 }), { shouldStop: () => ++calls > 4 });
    expect(run).toMatchObject({ steps: 4, stopped: true });
    tf.dispose([pool.xs, pool.ys]);
    model.dispose();
    expect(fineTuneConfigProblem(FULL_CONFIG)).toBeNull();
    expect(fineTuneConfigProblem(QUICK_CONFIG)).toBeNull();
    expect(fineTuneConfigProblem(cfg({ replayRatio: 0.95 }))).toMatch(/MNIST share/);
    expect(fineTuneConfigProblem(cfg({ steps: 0 }))).toMatch(/Steps/);
    expect(fineTuneConfigProblem(cfg({ learningRate: 0 }))).toMatch(/learning rate/);
  });
});
