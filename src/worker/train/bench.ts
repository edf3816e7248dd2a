/**
 * Training-loop benchmark, run in the worker: our loop against the
 * tfjs-examples mnist loop as published (model.fit over whole-dataset
 * tensors, onBatchEnd reading the logs and awaiting tf.nextFrame()), on the
 * same architecture, batch size and backend. Evaluation time is excluded.
 */
import * as tf from '../tf';
import type { BenchParams, BenchResult } from '../../shared/protocol';
import { TRAIN_IMAGES } from '../../shared/mnist';
import type { MnistData } from '../data/dataset';
import { buildModel, buildTwins } from '../models/zoo';
import { runTraining } from './loop';
import { evaluate } from './evaluate';
import { compareWithTfjs } from './fusedopt';
import { compareConvWithTfjs } from './conv';
import { trainingForward } from './forward';

/**
 * The whole step, on this backend: every weight's gradient through our
 * training forward pass (conv.ts, closed-form batch norm) against tfjs-layers'
 * own (`model.apply` + autodiff), same weights, dropout off, at a batch small
 * enough that tfjs's filter gradient is right on llvmpipe. Largest difference
 * relative to the largest gradient of that weight.
 */
export function compareStepWithTfjs(arch: BenchParams['config']['arch'], batch = 32): { backend: string; batch: number; worst: number } {
  const models = buildTwins(arch, 3);
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 5);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 6), 10), 'float32'));
  const grads = models.map((m, i) => {
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
      const flat = m.inputs[0].shape.length === 2 ? tf.reshape(x, [batch, 784]) : x;
      const p = i === 0 ? (m.apply(flat, { training: true }) as tf.Tensor) : trainingForward(m, flat);
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1))) as tf.Scalar;
    }), vars);
    value.dispose();
    return vars.map((v) => grads[v.name]);
  });
  let worst = 0;
  grads[0].forEach((g, k) => {
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(g, grads[1][k]))).dataSync()[0] / Math.max(1e-12, tf.max(tf.abs(g)).dataSync()[0]));
    worst = Math.max(worst, d);
  });
  tf.dispose([x, y, ...grads.flat()]);
  models.forEach((m) => m.dispose());
  return { backend: tf.getBackend(), batch, worst };
}

type Progress = (p: { seconds: number; batches: number; accuracy?: number }) => void;

/** Blocks until the backend has finished queued work (a tiny read-back). */
async function sync(model: tf.LayersModel): Promise<void> {
  await model.getWeights()[0].data();
}

/** A clock that runs only while training, so evaluation is not counted. */
class TrainClock {
  private start: number | null = null;
  private acc = 0;
  startNow(): void {
    this.start = performance.now();
  }
  pause(): void {
    if (this.start !== null) this.acc += performance.now() - this.start;
    this.start = null;
  }
  get started(): boolean {
    return this.start !== null || this.acc > 0;
  }
  seconds(): number {
    return (this.acc + (this.start !== null ? performance.now() - this.start : 0)) / 1000;
  }
}

/**
 * Shared per-batch bookkeeping: warm-up, timing, periodic evaluation, stopping.
 * The clock starts once `warmupBatches` batches are done, and never before the
 * first (it has no hook before a batch, and the first compiles the shaders).
 */
export function tracker(data: MnistData, p: BenchParams, progress: Progress) {
  const warmup = Math.max(1, p.warmupBatches);
  // The run's last batch is always evaluated too: a one-epoch one-cycle is at its best there, between two `evalEvery` points.
  const lastBatch = p.config.epochs * Math.ceil((p.config.trainLimit ?? TRAIN_IMAGES) / p.config.batchSize);
  const clock = new TrainClock();
  const curve: BenchResult['curve'] = [];
  let reachedAt: BenchResult['reachedAt'] = null;
  let timedBatches = 0;
  const bs = p.config.batchSize;
  return {
    curve,
    clock,
    get reachedAt() {
      return reachedAt;
    },
    get timedBatches() {
      return timedBatches;
    },
    /** Returns true when the run should stop. */
    async after(model: tf.LayersModel, batches: number): Promise<boolean> {
      if (batches === warmup) {
        await sync(model);
        clock.startNow();
        return false;
      }
      if (!clock.started) return false;
      timedBatches++;
      if (p.evalEvery && (timedBatches % p.evalEvery === 0 || batches === lastBatch)) {
        await sync(model);
        clock.pause();
        const test = data.split('test', p.evalLimit);
        await test.whenAll;
        const r = await evaluate(model, test.shards);
        const point = { seconds: clock.seconds(), samples: timedBatches * bs, accuracy: r.accuracy };
        curve.push(point);
        progress({ seconds: point.seconds, batches, accuracy: r.accuracy });
        if (p.targetAccuracy !== undefined && r.accuracy >= p.targetAccuracy && !reachedAt) reachedAt = point;
        clock.startNow();
        if (reachedAt) return true;
      }
      if (clock.seconds() >= p.seconds) {
        await sync(model);
        clock.pause();
        return true;
      }
      if (timedBatches % 10 === 0) progress({ seconds: clock.seconds(), batches });
      return false;
    },
    result(loop: BenchResult['loop']): BenchResult {
      clock.pause();
      const s = clock.seconds();
      return { loop, batches: timedBatches, samples: timedBatches * bs, trainSeconds: s, samplesPerSec: (timedBatches * bs) / s, reachedAt, curve };
    },
  };
}

/** Our loop, exactly as the Train button runs it. */
export async function benchOurs(data: MnistData, p: BenchParams, progress: Progress, strokes: MnistData | null = null): Promise<BenchResult> {
  // Before timing: our optimizers' WebGL path must take the same steps as tfjs's.
  // (Skipped for a quick estimate of speed: those checks are the benchmark's, not the user's.)
  const optimizerCheck = p.quick ? undefined : compareWithTfjs();
  // And its convolutions must compute the gradient they replace (tfjs's own is checked beside it).
  const convCheck = p.quick ? undefined : compareConvWithTfjs(p.config.batchSize);
  const stepCheck = p.quick ? undefined : compareStepWithTfjs(p.config.arch);
  const t = tracker(data, p, progress);
  await runTraining({ ...p.config, testLimit: p.config.testLimit ?? 500 }, false, {
    data,
    // A recipe that mixes in drawn digits is timed with them, as the Train button runs it.
    strokes,
    checkpoints: { save: async () => undefined, load: async () => null, clear: async () => undefined },
    saveResult: async (model, config) => ({ id: 'bench', name: 'bench', arch: config.arch, params: model.countParams(), testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 0, builtin: false }),
    onProgress: () => undefined,
    shouldStop: () => false,
    gpuQueueMs: p.gpuQueueMs,
    afterBatch: (model, batches) => t.after(model, batches),
  });
  return { ...t.result('ours'), optimizerCheck, convCheck, stepCheck };
}

/** The tfjs-examples mnist training loop, as published, on our architecture. */
export async function benchBaseline(data: MnistData, p: BenchParams, progress: Progress): Promise<BenchResult> {
  const t = tracker(data, p, progress);
  const train = data.split('train', p.config.trainLimit);
  await train.whenAll;
  const xs = tf.concat(train.shards.map((s) => s.xs));
  const labels = tf.tidy(() => tf.oneHot(tf.concat(train.shards.map((s) => s.ys)), 10));
  const model = buildModel(p.config.arch, p.config.seed ?? 1);
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  let trainBatchCount = 0;
  let lastLoss = 0;
  try {
    await model.fit(xs, labels, {
      batchSize: p.config.batchSize,
      validationSplit: 0.15,
      epochs: p.config.epochs,
      shuffle: true,
      callbacks: {
        onBatchEnd: async (_batch, logs) => {
          trainBatchCount++;
          lastLoss = logs?.loss ?? lastLoss;
          if (await t.after(model, trainBatchCount)) model.stopTraining = true;
          await tf.nextFrame();
        },
        onEpochEnd: async () => {
          await tf.nextFrame();
        },
      },
    });
  } finally {
    tf.dispose([xs, labels]);
    model.dispose();
  }
  return t.result('baseline');
}
