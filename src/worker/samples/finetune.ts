/**
 * Fine-tuning on the user's drawings without forgetting MNIST: every batch
 * mixes augmented user variants with MNIST training images (replay), the
 * learning rate is low, the steps few, and batch norm keeps its MNIST
 * statistics by default (its layers run in inference mode).
 */
import * as tf from '../tf';
import type { FineTuneConfig } from '../../shared/teach-types';
import type { GpuShard } from '../data/dataset';
import { yieldToEvents } from '../train/loop';
import { GpuPacer } from '../train/pace';
import { setLearningRate } from '../train/optim';
import { trainingForward } from '../train/forward';
import { rng } from '../train/augment';
import { Cycler, ReplayMixer } from './mix';
import { fitInput } from '../storage/validate';
import { codedError } from '../errors';

export { FULL_CONFIG, QUICK_CONFIG } from '../../shared/teach-defaults';

/** Checks a config; the problem in words, or null. */
export function fineTuneConfigProblem(c: FineTuneConfig): string | null {
  if (!Number.isInteger(c.steps) || c.steps < 1 || c.steps > 5000) return 'Steps must be a whole number from 1 to 5000.';
  if (!Number.isInteger(c.batchSize) || c.batchSize < 2 || c.batchSize > 512) return 'The batch size must be a whole number from 2 to 512.';
  if (!(c.replayRatio >= 0 && c.replayRatio <= 0.9)) return 'The MNIST share must be between 0% and 90%.';
  if (!(c.learningRate > 0 && c.learningRate < 0.1)) return 'The learning rate must be above 0 and below 0.1.';
  if (c.optimizer !== 'adam' && c.optimizer !== 'sgd') return 'The optimizer must be "adam" or "sgd".';
  if (c.batchNorm !== 'inference' && c.batchNorm !== 'train') return 'Batch norm must be "inference" or "train".';
  if (c.layers !== 'all' && c.layers !== 'head') return 'Layers must be "all" or "head".';
  if (!(c.distill >= 0 && c.distill <= 1)) return 'Distillation must be between 0 and 1.';
  if (!(c.anchor >= 0 && c.anchor <= 1e6)) return 'The anchor weight must be 0 or more.';
  return null;
}

export interface UserPool {
  xs: tf.Tensor4D;
  ys: tf.Tensor1D;
  count: number;
}

export interface TuneHooks {
  /** Called every few steps with the losses read back since the last call. */
  onPoints?(points: { step: number; loss: number; acc: number }[], step: number, samplesPerSec: number): void;
  shouldStop?(): boolean;
  /** The original model, for distillation on replay images (config.distill > 0). */
  teacher?: tf.LayersModel;
  /**
   * The forgetting guard: every `every` steps and at the end, `check` says
   * whether the model still knows MNIST well enough. When it does not, the
   * weights go back to the last check that passed and the learning rate
   * halves; after three halvings the run ends there.
   */
  guard?: { every: number; check(model: tf.LayersModel): Promise<boolean> };
  /** Read losses back every this many steps (default 5). */
  readEvery?: number;
  now?: () => number;
}

/** The variables a config trains: all trainable weights, or the last layer's. */
function trainableVars(model: tf.LayersModel, layers: FineTuneConfig['layers']): tf.Variable[] {
  // The head is the last layer that has weights (a model may end in a separate softmax layer).
  const head = [...model.layers].reverse().find((l) => l.trainableWeights.length > 0);
  const weights = layers === 'head' && head ? head.trainableWeights : model.trainableWeights;
  return weights.map((w) => w.read() as tf.Variable);
}

/** Runs `config.steps` mixed steps on `model` in place. Resolves with what happened. */
export interface TuneRun {
  steps: number;
  stopped: boolean;
  trainSeconds: number;
  lastLoss: number | null;
  /** Guard checks made and how many sent the weights back. */
  checks: number;
  rollbacks: number;
}

export async function fineTuneModel(model: tf.LayersModel, pool: UserPool, replay: readonly GpuShard[], config: FineTuneConfig, hooks: TuneHooks = {}): Promise<TuneRun> {
  const now = hooks.now ?? (() => performance.now());
  const replayTotal = replay.reduce((a, s) => a + s.count, 0);
  const mixer = new ReplayMixer(config.batchSize, replayTotal > 0 ? config.replayRatio : 0);
  const rand = rng(config.seed * 2654435761);
  const cycler = new Cycler(pool.count, rand);
  const optimizer = config.optimizer === 'sgd' ? tf.train.momentum(config.learningRate, 0.9) : tf.train.adam(config.learningRate);
  const vars = trainableVars(model, config.layers);
  // Where the weights started, for the anchor penalty.
  const start = config.anchor > 0 ? vars.map((v) => tf.keep(tf.clone(v))) : [];
  const training = config.batchNorm === 'train';
  const readEvery = hooks.readEvery ?? 5;
  // Bounds the GPU work queued ahead of the page, as the training loop does (train/pace.ts).
  const pacer = new GpuPacer(100, now);
  const pending: { step: number; loss: tf.Scalar; acc: tf.Scalar }[] = [];
  let lastLoss: number | null = null;
  let steps = 0;
  let stopped = false;
  let trainMs = 0;
  let rateImages = 0;
  let lr = config.learningRate;
  let checks = 0;
  let rollbacks = 0;
  let gaveUp = false;
  // The weights at the last passed guard check (at first: where fine-tuning started).
  let good: tf.Tensor[] = hooks.guard ? vars.map((v) => tf.keep(tf.clone(v))) : [];

  /** Runs the guard; true when training may go on. */
  const guardCheck = async (): Promise<boolean> => {
    if (!hooks.guard) return true;
    checks++;
    if (await hooks.guard.check(model)) {
      tf.dispose(good);
      good = vars.map((v) => tf.keep(tf.clone(v)));
      return true;
    }
    rollbacks++;
    vars.forEach((v, i) => v.assign(good[i]));
    lr /= 2;
    setLearningRate(optimizer, lr);
    return rollbacks < 3;
  };

  const flush = async () => {
    if (pending.length === 0) return;
    const stacked = tf.tidy(() => tf.stack(pending.flatMap((p) => [p.loss, p.acc])));
    const vals = await stacked.data();
    pacer.synced();
    stacked.dispose();
    const points = pending.map((p, i) => ({ step: p.step, loss: vals[2 * i], acc: vals[2 * i + 1] }));
    pending.forEach((p) => tf.dispose([p.loss, p.acc]));
    pending.length = 0;
    lastLoss = points[points.length - 1].loss;
    hooks.onPoints?.(points, steps, trainMs > 0 ? (rateImages * 1000) / trainMs : 0);
    if (!points.every((p) => Number.isFinite(p.loss))) throw codedError('nan-loss', 'The loss became NaN while fine-tuning; try a lower learning rate.');
  };

  try {
    for (let step = 0; step < config.steps; step++) {
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
      const t0 = now();
      const split = mixer.next();
      const userIdx = cycler.take(split.user);
      // MNIST images at random (with replacement) from one shard, picked by size. One shard per
      // step keeps every tensor's shape the same from step to step: on WebGL a new shape means
      // compiling new shaders, which costs far more than the step itself.
      let shard: GpuShard | null = null;
      const mnistIdx = new Int32Array(split.mnist);
      if (split.mnist > 0) {
        let r = Math.floor(rand() * replayTotal);
        let k = 0;
        while (r >= replay[k].count) r -= replay[k++].count;
        shard = replay[k];
        for (let i = 0; i < split.mnist; i++) mnistIdx[i] = Math.floor(rand() * shard.count);
      }
      const { xb, yb } = tf.tidy(() => {
        const ui = tf.tensor1d(userIdx, 'int32');
        let x = tf.gather(pool.xs, ui) as tf.Tensor4D;
        let y = tf.gather(pool.ys, ui) as tf.Tensor1D;
        if (shard) {
          const mi = tf.tensor1d(mnistIdx, 'int32');
          x = tf.concat([x, tf.gather(shard.xs, mi) as tf.Tensor4D], 0);
          y = tf.concat([y, tf.gather(shard.ys, mi) as tf.Tensor1D], 0);
        }
        return { xb: x, yb: y };
      });
      // Soft targets for the replay rows: the label mixed with what the original model said.
      const teacher = hooks.teacher;
      const targets =
        teacher && config.distill > 0 && split.mnist > 0
          ? tf.tidy(() => {
              const hard = tf.cast(tf.oneHot(yb, 10), 'float32') as tf.Tensor2D;
              const mx = tf.slice(xb, [split.user, 0, 0, 0], [split.mnist, 28, 28, 1]);
              const soft = teacher.apply(fitInput(teacher, mx), { training: false }) as tf.Tensor2D;
              const replayT = tf.add(tf.mul(tf.slice(hard, [split.user, 0], [split.mnist, 10]), 1 - config.distill), tf.mul(soft, config.distill));
              return tf.concat([tf.slice(hard, [0, 0], [split.user, 10]), replayT], 0) as tf.Tensor2D;
            })
          : null;
      // Balanced softmax: add log(batch frequency) of each digit to the scores during training.
      const prior = config.balance ? batchLogPrior(yb) : null;
      const dropoutSeed = Math.floor(rand() * 0x7fffffff);
      let acc: tf.Scalar | null = null;
      const loss = optimizer.minimize(
        () => {
          const input = fitInput(model, xb);
          const probs = training ? trainingForward(model, input, dropoutSeed) : (model.apply(input, { training: false }) as tf.Tensor);
          acc = tf.keep(tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(probs, -1), yb), 'float32')) as tf.Scalar));
          let logp = tf.log(tf.clipByValue(probs, 1e-7, 1));
          if (prior) logp = tf.logSoftmax(tf.add(logp, prior));
          const t = targets ?? tf.cast(tf.oneHot(yb, 10), 'float32');
          let l = tf.neg(tf.mean(tf.sum(tf.mul(t, logp), -1))) as tf.Scalar;
          if (start.length) l = tf.add(l, tf.mul(tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(v, start[i]))))), config.anchor)) as tf.Scalar;
          return l;
        },
        true,
        vars,
      ) as tf.Scalar;
      tf.dispose([xb, yb]);
      targets?.dispose();
      prior?.dispose();
      pending.push({ step, loss, acc: acc! });
      steps++;
      rateImages += config.batchSize;
      const waitForGpu = pacer.issued();
      if (pending.length >= readEvery || step === config.steps - 1) await flush();
      else if (waitForGpu) await pacer.catchUp();
      else await yieldToEvents();
      trainMs += now() - t0;
      if (hooks.guard && steps % hooks.guard.every === 0 && steps < config.steps && !(await guardCheck())) {
        gaveUp = true;
        break;
      }
    }
    await flush();
    // The last steps get checked too (unless the guard already gave up and restored good weights).
    if (hooks.guard && steps > 0 && !gaveUp) await guardCheck();
    return { steps, stopped, trainSeconds: trainMs / 1000, lastLoss, checks, rollbacks };
  } finally {
    pending.forEach((p) => tf.dispose([p.loss, p.acc]));
    tf.dispose(start);
    tf.dispose(good);
    optimizer.dispose();
  }
}

/** log of each digit's share of a batch's labels (a tenth added to every count, so no digit is impossible), minus log(1/10). */
function batchLogPrior(labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const counts = tf.add(tf.sum(tf.oneHot(labels, 10), 0), 0.1);
    return tf.sub(tf.log(tf.div(counts, tf.sum(counts))), Math.log(0.1)) as tf.Tensor1D;
  });
}

/** Top-1 predictions (and probabilities) of a model for 28×28 images. */
export async function predictImages(model: tf.LayersModel, images: Float32Array, n: number): Promise<{ preds: Int32Array; probs: Float32Array }> {
  if (n === 0) return { preds: new Int32Array(0), probs: new Float32Array(0) };
  const probsT = tf.tidy(() => model.apply(fitInput(model, tf.tensor4d(images, [n, 28, 28, 1])), { training: false }) as tf.Tensor2D);
  const probs = (await probsT.data()) as Float32Array;
  probsT.dispose();
  const preds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let d = 1; d < 10; d++) if (probs[i * 10 + d] > probs[i * 10 + best]) best = d;
    preds[i] = best;
  }
  return { preds, probs: new Float32Array(probs) };
}
