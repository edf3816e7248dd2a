/**
 * "Teach it your handwriting" in the lab worker: previews of a sample's
 * augmented variants, full fine-tuning runs measured before and after, one
 * quick step on a just-corrected drawing, and side-by-side predictions.
 * Fine-tuned weights go to the library as `tuned-<base id>`.
 */
import * as tf from '../tf';
import type {
  AugmentParams,
  AugmentResult,
  ComparePredictParams,
  ComparePredictResult,
  FineTuneConfig,
  FineTuneParams,
  FineTuneProgress,
  FineTuneResult,
  GuardReport,
  LearnNowParams,
  LearnNowResult,
  Scores,
  TrainingSample,
} from '../../shared/teach-types';
import { baseIdOf, isTunedId, tunedIdFor } from '../../shared/teach-types';
import { tunedEntryFields } from '../../shared/tuned-name';
import { isDigitLabel } from '../../shared/samples';
import type { ModelInfo } from '../../shared/types';
import type { Routes } from '../routes';
import { exclusive, mnist, onGpuLost, openModel, state, tryDispose } from '../state';
import type { GpuShard } from '../data/dataset';
import { readIndex, saveToLibrary } from '../storage/library';
import { evaluate } from '../train/evaluate';
import { mnistScore, rememberScore, strokeScore } from './scores';
import { renderAtThickness, sampleVariants, variantPool } from './augment';
import { FULL_CONFIG, QUICK_CONFIG, fineTuneConfigProblem, fineTuneModel, predictImages, type TuneHooks } from './finetune';
import { badRequest } from '../errors';

/** MNIST training images kept on the backend for replay. */
export const REPLAY_IMAGES = 10000;
/** The forgetting guard's defaults: at most 0.3 points lost on 2,000 MNIST validation images, checked every 30 steps. */
export const DEFAULT_GUARD = { tolerance: 0.003, valImages: 2000, every: 30 };
/** Most samples a request may carry (a guard against runaway payloads). */
const MAX_SAMPLES = 5000;


interface Entry {
  model: tf.LayersModel;
  info: ModelInfo;
}

/** Models kept for side-by-side predictions and quick steps, by library id. */
const models = new Map<string, Entry>();
// A lost GPU context took the cached models' tensors with it: load them again when next asked.
onGpuLost(() => {
  for (const e of models.values()) tryDispose(e.model);
  models.clear();
});

/** The version of a model now (the shipped one never changes within a session). */
async function versionOf(id: string): Promise<number | null> {
  if (id === 'default') return 1;
  return (await readIndex()).find((m) => m.id === id)?.version ?? null;
}

/** A cached copy of a model, reloaded when its weights changed elsewhere. */
async function cached(id: string): Promise<Entry> {
  const have = models.get(id);
  const version = await versionOf(id);
  if (have && version !== null && have.info.version === version) return have;
  const fresh = await openModel(id);
  replaceCached(id, fresh);
  return fresh;
}

function replaceCached(id: string, entry: Entry): void {
  const old = models.get(id);
  if (old && old.model !== entry.model) old.model.dispose();
  models.set(id, entry);
}

/** The 28×28 image a sample is judged by: the one saved with it, else made from its strokes. */
function imageOf(s: TrainingSample): Float32Array {
  const img = s.image ?? renderAtThickness(s.strokes, 1);
  if (!img || img.length !== 784) throw badRequest('A sample has neither strokes nor a 28×28 image');
  return img;
}

function checkSamples(list: unknown, what: string): TrainingSample[] {
  if (!Array.isArray(list)) throw badRequest(`${what} must be a list of samples`);
  if (list.length > MAX_SAMPLES) throw badRequest(`At most ${MAX_SAMPLES} samples can be used at once`);
  list.forEach((s: TrainingSample, i) => {
    if (!s || !isDigitLabel(s.label)) throw badRequest(`${what}: sample ${i + 1} has a label that is not a digit 0–9`);
    if (!Array.isArray(s.strokes)) throw badRequest(`${what}: sample ${i + 1} has no strokes list`);
    if (s.image !== undefined && (!(s.image instanceof Float32Array) || s.image.length !== 784)) throw badRequest(`${what}: sample ${i + 1} has an image that is not 784 pixels`);
  });
  return list;
}

/** Waits until at least one replay shard is on the backend (all of them when `all`). */
async function replayShards(all: boolean): Promise<GpuShard[]> {
  const loader = (await mnist()).split('train', REPLAY_IMAGES);
  if (all) await loader.whenAll;
  while (loader.shards.length === 0 && !loader.error && !loader.complete) await loader.next();
  if (loader.error) throw loader.error;
  return loader.shards.slice();
}

/** The forgetting guard over MNIST validation images: its hook for the loop and the report it fills in. */
async function forgettingGuard(base: Entry, baseKey: string, g: { tolerance: number; valImages: number; every: number }): Promise<{ hook: NonNullable<TuneHooks['guard']>; report: GuardReport }> {
  const val = (await mnist()).split('val', g.valImages);
  await val.whenAll;
  const before = await mnistScore(base.model, baseKey, 'val', g.valImages);
  const report: GuardReport = { tolerance: g.tolerance, count: before.count, before: before.accuracy, after: before.accuracy, checks: 0, rollbacks: 0 };
  const hook = {
    every: g.every,
    check: async (m: tf.LayersModel) => {
      const r = await evaluate(m, val.shards);
      report.checks++;
      const ok = r.accuracy >= before.accuracy - g.tolerance - 1e-9;
      // A failed check sends the weights back to the last passing one, whose accuracy stands.
      if (ok) report.after = r.accuracy;
      else report.rollbacks++;
      return ok;
    },
  };
  return { hook, report };
}

async function ownScore(model: tf.LayersModel, samples: TrainingSample[]): Promise<Scores['own']> {
  if (samples.length === 0) return null;
  const images = new Float32Array(samples.length * 784);
  samples.forEach((s, i) => images.set(imageOf(s), i * 784));
  const { preds } = await predictImages(model, images, samples.length);
  let right = 0;
  samples.forEach((s, i) => (right += preds[i] === s.label ? 1 : 0));
  return { accuracy: right / samples.length, count: samples.length };
}

async function saveTuned(model: tf.LayersModel, id: string, base: ModelInfo, scores: { testAccuracy: number | null; strokeAccuracy?: number | null; own: Scores['own'] }): Promise<ModelInfo> {
  const prev = (await readIndex()).find((m) => m.id === id);
  return saveToLibrary(model, {
    id,
    ...tunedEntryFields(base, scores),
    strokeAccuracy: scores.strokeAccuracy ?? null,
    createdAt: prev?.createdAt ?? Date.now(),
    builtin: false,
  });
}

export const samplesHandlers = {
  async augmentSample(p: AugmentParams): Promise<AugmentResult> {
    const [sample] = checkSamples([p.sample], 'augmentSample');
    if (!Number.isSafeInteger(p.seed)) throw badRequest('The seed must be a whole number');
    const t0 = performance.now();
    const { images, specs } = sampleVariants(sample, p.seed);
    try {
      const data = new Float32Array((await images.data()) as Float32Array);
      return { images: data, variants: specs, ms: performance.now() - t0 };
    } finally {
      images.dispose();
    }
  },

  async fineTune(p: FineTuneParams, progress: (d: FineTuneProgress) => void): Promise<FineTuneResult> {
    const config: FineTuneConfig = { ...FULL_CONFIG, ...p.config };
    const problem = fineTuneConfigProblem(config);
    if (problem) throw badRequest(problem);
    const train = checkSamples(p.train, 'train');
    const heldOut = checkSamples(p.heldOut, 'heldOut');
    if (train.length === 0) throw badRequest('There are no samples to fine-tune on yet');
    return exclusive('The lab is busy training; fine-tuning can start once that run ends', async () => {
      const t0 = performance.now();
      const saveAs = p.saveAs ?? tunedIdFor(p.baseId);
      const report = (phase: FineTuneProgress['phase'], extra: Partial<FineTuneProgress> = {}) =>
        progress({ phase, step: 0, steps: config.steps, points: [], samplesPerSec: 0, ...extra });
      report('preparing');
      const base = await openModel(p.baseId);
      let pool: Awaited<ReturnType<typeof variantPool>> | null = null;
      try {
        pool = await variantPool(train, config.seed);
        report('preparing', { variants: pool.count });
        const replay = await replayShards(true);
        report('measuring-before', { variants: pool.count });
        const baseKey = `${p.baseId}@${base.info.version}`;
        // The held-out drawn digits are limited like MNIST's test (the user's "Measure on" choice).
        const before: Scores = {
          own: await ownScore(base.model, heldOut),
          mnist: await mnistScore(base.model, baseKey, 'test', p.mnistTestLimit),
          strokes: await strokeScore(base.model, baseKey, p.mnistTestLimit),
        };
        const teacher = config.distill > 0 ? (await cached(baseIdOf(p.baseId))).model : undefined;
        const guard = p.guard === null ? null : await forgettingGuard(base, baseKey, { ...DEFAULT_GUARD, ...p.guard });
        const run = await fineTuneModel(base.model, pool, replay, config, {
          teacher,
          guard: guard?.hook,
          shouldStop: () => state.stopRequested,
          onPoints: (points, step, samplesPerSec) => progress({ phase: 'training', step, steps: config.steps, points, samplesPerSec, variants: pool!.count }),
        });
        report('measuring-after', { step: run.steps });
        const after: Scores = { own: await ownScore(base.model, heldOut), mnist: await mnistScore(base.model, null, 'test', p.mnistTestLimit), strokes: await strokeScore(base.model, null, p.mnistTestLimit) };
        report('saving', { step: run.steps });
        const info = await saveTuned(base.model, saveAs, base.info, { testAccuracy: p.mnistTestLimit ? null : after.mnist.accuracy, strokeAccuracy: p.mnistTestLimit ? null : (after.strokes?.accuracy ?? null), own: after.own });
        // The tuned copy stays in memory for side-by-side predictions and quick steps.
        replaceCached(saveAs, { model: base.model, info });
        rememberScore('mnist', `${saveAs}@${info.version}`, 'test', p.mnistTestLimit, after.mnist);
        rememberScore('strokes', `${saveAs}@${info.version}`, 'test', p.mnistTestLimit, after.strokes);
        return {
          model: info,
          baseId: p.baseId,
          baseName: base.info.name,
          before,
          after,
          steps: run.steps,
          stoppedEarly: run.stopped,
          variants: pool.count,
          trainSamples: train.length,
          trainSeconds: run.trainSeconds,
          wallTimeSec: (performance.now() - t0) / 1000,
          config,
          guard: guard?.report ?? null,
        };
      } catch (e) {
        base.model.dispose();
        throw e;
      } finally {
        if (pool) tf.dispose([pool.xs, pool.ys]);
      }
    });
  },

  async learnNow(p: LearnNowParams): Promise<LearnNowResult> {
    const config: FineTuneConfig = { ...QUICK_CONFIG, ...p.config };
    const problem = fineTuneConfigProblem(config);
    if (problem) throw badRequest(problem);
    const [sample] = checkSamples([p.sample], 'learnNow');
    return exclusive('The lab is busy training; learning this drawing can start once that run ends', async () => {
      const t0 = performance.now();
      const id = tunedIdFor(p.modelId);
      // A tuned model learns on in place; any other model is copied first, so the original stays as it was.
      const entry = isTunedId(p.modelId) ? await cached(p.modelId) : await openModel(p.modelId);
      const image = imageOf(sample);
      let pool: Awaited<ReturnType<typeof variantPool>> | null = null;
      try {
        const [replay, before] = await Promise.all([replayShards(false), predictImages(entry.model, image, 1)]);
        pool = await variantPool([sample], config.seed + Date.now() % 100000);
        const teacher = config.distill > 0 ? (await cached(baseIdOf(p.modelId))).model : undefined;
        const run = await fineTuneModel(entry.model, pool, replay, config, { readEvery: config.steps, teacher });
        const after = await predictImages(entry.model, image, 1);
        const info = await saveTuned(entry.model, id, entry.info, { testAccuracy: null, own: null });
        replaceCached(id, { model: entry.model, info });
        return { model: info, before: before.probs, after: after.probs, steps: run.steps, trainMs: run.trainSeconds * 1000, totalMs: performance.now() - t0 };
      } catch (e) {
        // A copy that failed half-way must not stand in for the model.
        if (isTunedId(p.modelId)) models.delete(p.modelId);
        entry.model.dispose();
        throw e;
      } finally {
        if (pool) tf.dispose([pool.xs, pool.ys]);
      }
    });
  },

  async comparePredict(p: ComparePredictParams): Promise<ComparePredictResult> {
    if (!(p.image instanceof Float32Array) || p.image.length !== 784) throw badRequest('comparePredict needs 784 pixels');
    if (!Array.isArray(p.ids) || p.ids.length === 0 || p.ids.length > 4) throw badRequest('comparePredict takes 1 to 4 model ids');
    const results: ComparePredictResult['results'] = [];
    for (const id of p.ids) {
      try {
        const e = await cached(id);
        const { probs } = await predictImages(e.model, p.image, 1);
        results.push({ id, name: e.info.name, version: e.info.version, probs });
      } catch (err) {
        results.push({ id, error: (err as Error).message });
      }
    }
    return { results };
  },
} satisfies Pick<Routes, 'augmentSample' | 'fineTune' | 'learnNow' | 'comparePredict'>;
