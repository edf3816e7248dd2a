/**
 * The training loop: batches gathered on the backend from GPU-resident shards,
 * `optimizer.minimize` per step with batch norm's gradient in closed form
 * (forward.ts), metrics read back every few batches (never every batch),
 * checkpoints at epoch ends, every few minutes and on stop, a NaN guard.
 */
import * as tf from '../tf';
import type { TrainConfig, TrainProgress, TrainResult, CheckpointInfo } from '../../shared/types';
import { buildModel } from '../models/zoo';
import { configProblem } from '../../shared/zoo';
import { TRAIN_IMAGES } from '../../shared/mnist';
import { yieldToEvents } from '../yield';
import { augmentBatch, rng } from './augment';
import { makeOptimizer, lrAt, setLearningRate } from './optim';
import { evaluate, evaluateTest, type EvalProgress } from './evaluate';
import { crossEntropy } from './loss';
import { trainingForward } from './forward';
import { GpuPacer, gpuCaughtUp } from './pace';
import { TrainError, warmStart, type TrainDeps } from './deps';
import { nextBatch, type EpochPlan } from './sampler';
import { StrokeMix } from './mix';
import { WeightAverage } from './average';

export { configProblem } from '../../shared/zoo';
export { TrainError, type CheckpointStore, type TrainDeps } from './deps';

export { yieldToEvents };

/** Runs (or resumes) a training run to completion, stop or failure. */
export async function runTraining(config: TrainConfig, resume: boolean, deps: TrainDeps): Promise<TrainResult> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const optimizer = makeOptimizer(config.optimizer, config.learningRate);
  let model: tf.LayersModel;
  let startEpoch = 0;
  let startBatchInEpoch = 0;
  const valHistory: CheckpointInfo['history']['val'] = [];
  const ckpt = resume ? await deps.checkpoints.load(optimizer) : null;
  let average: WeightAverage | null = null;
  if (ckpt) {
    model = ckpt.model;
    config = { ...ckpt.info.config, maxBatches: config.maxBatches, testLimit: config.testLimit ?? ckpt.info.config.testLimit };
    startEpoch = ckpt.info.epochsDone;
    startBatchInEpoch = ckpt.info.batchesDone;
    valHistory.push(...ckpt.info.history.val);
  } else {
    model = buildModel(config.arch, config.seed ?? 1);
    if (config.initFrom !== undefined) await warmStart(model, config.initFrom, deps);
  }
  const problem = configProblem(config, config.trainLimit ?? TRAIN_IMAGES);
  if (problem) throw new TrainError(problem, 'bad-request');
  // A resumed run goes on with its checkpoint's average (a checkpoint from before averaging starts one from its weights).
  if (config.weightAverage) average = new WeightAverage(model, config.weightAverage, ckpt?.average);
  /** Runs `fn` with the weights a run is judged by: the average when there is one. */
  const judged = <T>(fn: () => Promise<T>): Promise<T> => (average ? average.swapIn(model, fn) : fn());

  // Each random stream starts from the run's seed and where it resumes, mixed with a constant of its own.
  const streamSeed = (config.seed ?? 1) * 7919 + startEpoch * 104729 + startBatchInEpoch;
  const rand = rng(streamSeed);
  // Augmentation draws from its own stream, so the data order depends on the seed and batch size alone (a race's two sides see the same images).
  const augRand = rng(streamSeed ^ 0x5bd1e995);
  // Dropout's masks too (a new seed per batch: see withDropoutSeed).
  const dropRand = rng(streamSeed ^ 0x1b873593);
  const base = { epochs: config.epochs, lr: config.learningRate };
  const train = deps.data.split('train', config.trainLimit, (loaded, total) =>
    deps.onProgress({ phase: 'loading-data', epoch: startEpoch, epochs: base.epochs, batches: 0, batchesPerEpoch: 0, loaded, total, samplesPerSec: 0, etaSec: null, points: [], lr: base.lr }),
  );
  deps.onProgress({ phase: 'loading-data', epoch: startEpoch, epochs: base.epochs, batches: 0, batchesPerEpoch: 0, loaded: train.loaded, total: train.total, samplesPerSec: 0, etaSec: null, points: [], lr: base.lr });
  const bs = config.batchSize;
  // Drawn digits: a share of every batch, from their own stream, so MNIST's order is the same with or without them.
  let mix: StrokeMix | null = null;
  const batchesPerEpoch = Math.ceil(train.total / bs);
  const totalSteps = batchesPerEpoch * config.epochs;

  // In-memory copy of the last good weights, for the NaN guard.
  let goodWeights = model.getWeights().map((w) => tf.keep(w.clone()));
  let goodEpoch = startEpoch;
  const pending: { loss: tf.Scalar; acc: tf.Scalar; batch: number }[] = [];
  const pacer = new GpuPacer(deps.gpuQueueMs ?? 100, now);
  const caughtUp = deps.gpuCaughtUp ?? gpuCaughtUp;
  let batches = 0;
  let samplesSeen = 0;
  let lastReport = now();
  let rateT = now();
  let rateSamples = 0;
  let samplesPerSec = 0;
  let lr = base.lr;
  let stopped = false;
  let epoch = startEpoch;
  let batchInEpoch = startBatchInEpoch;

  const checkpointEveryMs = deps.checkpointEveryMs ?? 120_000;
  let lastCheckpointAt = now();
  const checkpoint = async (epochsDone: number, batchesDone: number) => {
    lastCheckpointAt = now();
    deps.onProgress({ phase: 'saving', epoch, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr });
    await deps.checkpoints.save(model, optimizer, { config, epochsDone, batchesDone, savedAt: Date.now(), history: { val: valHistory } }, average ? await average.state() : undefined);
  };

  /** Reads back pending metrics; returns false when the loss went non-finite. */
  const flush = async (val?: TrainProgress['val']): Promise<boolean> => {
    const points: TrainProgress['points'] = [];
    if (pending.length) {
      const stacked = tf.tidy(() => tf.stack(pending.flatMap((p) => [p.loss, p.acc])));
      const vals = await stacked.data();
      stacked.dispose();
      pending.forEach((p, i) => points.push({ batch: p.batch, loss: vals[2 * i], acc: vals[2 * i + 1] }));
      pending.forEach((p) => {
        p.loss.dispose();
        p.acc.dispose();
      });
      pending.length = 0;
      pacer.synced(); // the read-back waited for everything issued so far
    }
    const t = now();
    if (t - rateT > 500) {
      samplesPerSec = (rateSamples * 1000) / (t - rateT);
      rateT = t;
      rateSamples = 0;
    }
    const stepsLeft = totalSteps - (epoch * batchesPerEpoch + batchInEpoch);
    deps.onProgress({
      phase: 'training',
      epoch,
      epochs: config.epochs,
      batches,
      batchesPerEpoch,
      loaded: train.loaded,
      total: train.total,
      samplesPerSec,
      etaSec: samplesPerSec > 0 ? (stepsLeft * bs) / samplesPerSec : null,
      points,
      val,
      lr,
    });
    lastReport = t;
    return points.every((p) => Number.isFinite(p.loss));
  };

  const restoreGood = async (why: string): Promise<never> => {
    model.setWeights(goodWeights);
    average?.reset(model);
    await checkpoint(goodEpoch, 0).catch(() => undefined);
    throw new TrainError(`${why} Training stopped and the weights from ${goodEpoch === 0 ? 'the start of the run' : `the end of epoch ${goodEpoch}`} were restored. Try a lower learning rate.`, 'nan-loss');
  };

  try {
    if (config.strokeShare) {
      if (!deps.strokes) throw new TrainError('Drawn-digit training data is not available here: run `npm run prepare-data`, or turn off "Mix in drawn digits".', 'bad-request');
      mix = new StrokeMix(deps.strokes.split('train'), config.strokeShare, rng(streamSeed ^ 0x2f6b8e1d));
      await mix.ready();
    }
    for (epoch = startEpoch; epoch < config.epochs && !stopped; epoch++) {
      const plan: EpochPlan = { perms: new Map() };
      let done = epoch === startEpoch ? startBatchInEpoch : 0;
      batchInEpoch = done;
      while (done < batchesPerEpoch) {
        if (deps.beforeBatch) await deps.beforeBatch();
        if (deps.shouldStop() || (config.maxBatches !== undefined && batches >= config.maxBatches)) {
          stopped = true;
          break;
        }
        // Pick a loaded shard with images left this epoch, weighted by what is left.
        const next = nextBatch(plan, train.shards, bs, rand);
        if (!next) {
          if (train.error) throw train.error;
          if (train.complete) break;
          await train.next();
          if (train.error) throw train.error;
          continue;
        }
        const { shard, idx } = next;
        const n = idx.length;

        lr = config.schedule === 'one-cycle' ? lrAt(epoch * batchesPerEpoch + done, totalSteps, base.lr) : base.lr;
        setLearningRate(optimizer, lr);
        const step = batches;
        const k = mix ? mix.count(n) : 0;
        const { xb, yb } = tf.tidy(() => {
          // With drawn digits mixed in, the batch keeps its size: the last k MNIST images of its slice are left out this epoch.
          const it = tf.tensor1d(k ? idx.subarray(0, n - k) : idx, 'int32');
          let x = tf.gather(shard.xs, it) as tf.Tensor4D;
          let y = tf.gather(shard.ys, it) as tf.Tensor1D;
          if (mix && k) {
            const s = mix.take(k);
            x = tf.concat([x, s.xs]);
            y = tf.concat([y, s.ys]);
          }
          if (config.augment) x = augmentBatch(x, config, augRand);
          return { xb: x, yb: y };
        });
        const dropoutSeed = Math.floor(dropRand() * 0x7fffffff);
        let acc: tf.Scalar | null = null;
        const loss = optimizer.minimize(
          () => {
            const probs = trainingForward(model, xb, dropoutSeed);
            acc = tf.keep(tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(probs, -1), yb), 'float32')) as tf.Scalar));
            let l = crossEntropy(yb, probs, config.labelSmoothing);
            for (const reg of model.calculateLosses()) l = tf.add(l, reg) as tf.Scalar;
            return l;
          },
          true,
        ) as tf.Scalar;
        xb.dispose();
        yb.dispose();
        average?.update(model);
        pending.push({ loss, acc: acc!, batch: step });
        batches++;
        done++;
        batchInEpoch = done;
        samplesSeen += n;
        rateSamples += n;
        // Read back a handful of batches at a time: each read stalls the GPU pipeline.
        const waitForGpu = pacer.issued();
        if (pending.length >= 10 || now() - lastReport > 1000) {
          if (!(await flush())) await restoreGood(`The loss became NaN or infinite at batch ${batches}.`);
          // Weights just proved finite: a good moment for a timed mid-epoch checkpoint.
          if (now() - lastCheckpointAt >= checkpointEveryMs && done < batchesPerEpoch) await checkpoint(epoch, done);
        } else if (waitForGpu) {
          // Enough is queued: let the GPU (and the page it also draws) catch up; see pace.ts.
          await pacer.catchUp(caughtUp);
        } else {
          await yieldToEvents();
        }
        if (deps.afterBatch && (await deps.afterBatch(model, batches))) {
          stopped = true;
          break;
        }
      }
      if (!(await flush())) await restoreGood(`The loss became NaN or infinite at batch ${batches}.`);
      if (stopped) {
        await checkpoint(epoch, batchInEpoch);
        break;
      }
      deps.onProgress({ phase: 'validating', epoch, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr });
      const valLoader = deps.data.split('val', config.testLimit);
      await valLoader.whenAll;
      const v = await judged(() => evaluate(model, valLoader.shards));
      const val = { epoch: epoch + 1, loss: v.loss, acc: v.accuracy };
      valHistory.push(val);
      if (!Number.isFinite(v.loss)) await restoreGood(`The validation loss became NaN after epoch ${epoch + 1}.`);
      await flush(val);
      tf.dispose(goodWeights);
      goodWeights = model.getWeights().map((w) => tf.keep(w.clone()));
      goodEpoch = epoch + 1;
      await checkpoint(epoch + 1, 0);
      if (deps.onEpochEnd) await judged(() => deps.onEpochEnd!(model, epoch + 1, config));
    }
    const epochsDone = stopped ? epoch : config.epochs;
    deps.onProgress({ phase: 'testing', epoch: epochsDone, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr });
    const testLoader = deps.data.split('test', config.testLimit);
    await testLoader.whenAll;
    // Tested and saved with the averaged weights when the run averages them (the checkpoint above keeps the live ones to resume from).
    const { test, strokes, info, wallTimeSec } = await judged(async () => {
      const test = await evaluateTest(model, testLoader.shards, 64, (tested, testTotal) =>
        deps.onProgress({ phase: 'testing', epoch: epochsDone, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr, tested, testTotal }),
      );
      const strokes = await strokeTest(model, deps, config.testLimit, (tested, testTotal) =>
        deps.onProgress({ phase: 'testing', epoch: epochsDone, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr, tested, testTotal, testSet: 'strokes' }),
      );
      const wallTimeSec = (now() - t0) / 1000;
      deps.onProgress({ phase: 'saving', epoch: epochsDone, epochs: config.epochs, batches, batchesPerEpoch, samplesPerSec, etaSec: null, points: [], lr });
      const info = await deps.saveResult(model, config, { epochsDone, samplesSeen, wallTimeSec, testAccuracy: test.accuracy, strokeAccuracy: strokes?.accuracy ?? null });
      return { test, strokes, info, wallTimeSec };
    });
    if (!stopped) await deps.checkpoints.clear();
    return { model: info, stoppedEarly: stopped, epochsDone, samplesSeen, wallTimeSec, test, strokes };
  } finally {
    pending.forEach((p) => tf.dispose([p.loss, p.acc]));
    tf.dispose(goodWeights);
    average?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/** The finished model on the held-out stroke digits (the first `limit` of them when the run's test is limited), or null when their shards are not there (an old deployment). */
async function strokeTest(model: tf.LayersModel, deps: TrainDeps, limit?: number, onChunk?: EvalProgress): Promise<TrainResult['strokes']> {
  if (!deps.strokes) return null;
  const held = deps.strokes.split('test', limit);
  try {
    await held.whenAll;
  } catch {
    return null;
  }
  return evaluateTest(model, held.shards, 64, onChunk);
}
