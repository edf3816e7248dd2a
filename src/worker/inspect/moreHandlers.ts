/** The map, "fool the network" and "switch filters off" handlers (lab worker, its copy of the active model). */
import * as tf from '../tf';
import type { AblationParams, AblationResult, AttackParams, AttackProgress, AttackResult, EmbeddingParams, EmbeddingPointParams, EmbeddingPointResult, EmbeddingProgress, EmbeddingResult, EmbeddingSamplesParams, EmbeddingSamplesResult, EmbeddingStage } from '../../shared/inspect-more-types';
import type { ModelInfo } from '../../shared/types';
import { MnistData } from '../data/dataset';
import { state } from '../state';
import { evaluate } from '../train/evaluate';
import { fitInput } from '../storage/validate';
import { ablationCopy, applyMask, canAblate } from './ablation';
import { imageTensor, probsOf } from './activations';
import { attack } from './adversarial';
import { balancedPick, featuresOf, layout, mapLayerOf, NEIGHBOURS, nearest, place, placeMany, type MapLayer } from './embedding';
import { cpuInspector } from './handlers';
import { inspectorFor, type Inspector } from './inspector';
import { withBackendSync } from '../models/twin';
import { startJob } from './jobs';

const bad = (message: string) => Object.assign(new Error(message), { code: 'bad-request' as const });

function active(): { model: tf.LayersModel; info: ModelInfo; insp: Inspector } {
  const { model, info } = state;
  if (!model || !info) throw Object.assign(new Error('No model is loaded in the lab yet'), { code: 'model-missing' });
  return { model, info, insp: inspectorFor(model) };
}

async function testSplit(limit?: number) {
  state.data ??= await MnistData.open(`${state.baseUrl}data/mnist/`);
  const loader = state.data.split('test', limit);
  await loader.whenAll;
  return loader;
}

/** Maps computed so far, by `id@version:seed:count:epochs` (the last few; each holds its layer outputs for placing drawings). */
const maps = new Map<string, { result: Omit<EmbeddingResult, 'cached' | 'unfit'>; features: Float32Array }>();
const KEEP_MAPS = 3;

const MAX_SAMPLES = 5000;

/** The newest map of this model version, if the lab holds one. */
function latestMap(info: ModelInfo) {
  const prefix = `${info.id}@${info.version}:`;
  return [...maps.entries()].reverse().find(([k]) => k.startsWith(prefix))?.[1];
}

/** Copies, since what is posted is transferred (detached) and the cache must stay whole. */
const copyOf = (r: Omit<EmbeddingResult, 'cached' | 'unfit'>, cached: boolean): EmbeddingResult => ({ ...r, points: r.points.slice(), labels: r.labels.slice(), preds: r.preds.slice(), images: r.images.slice(), ms: { ...r.ms }, cached, unfit: null });

/** Per model: one model from the input to [mapped layer, probabilities] (shares the model's layers, owns no tensors). */
const twoHeads = new WeakMap<tf.LayersModel, tf.LayersModel>();
function hiddenAndProbs(model: tf.LayersModel, layer: MapLayer): tf.LayersModel {
  let m = twoHeads.get(model);
  if (!m) {
    m = tf.model({ inputs: model.inputs, outputs: [layer.tensor, model.outputs[0]] });
    twoHeads.set(model, m);
  }
  return m;
}

/** Ablation requests run one after another: each re-masks the one shared copy. */
let ablationChain: Promise<unknown> = Promise.resolve();

export const moreInspectHandlers = {
  async embedding(p: EmbeddingParams, progress: (d: EmbeddingProgress) => void): Promise<EmbeddingResult> {
    const { model, info } = active();
    const seed = p.seed ?? 1;
    const count = p.count ?? 2000;
    const epochs = p.epochs ?? 200;
    if (!Number.isSafeInteger(seed)) throw bad('The seed must be a whole number');
    if (!Number.isInteger(count) || count < 100 || count > 10000) throw bad('The map needs 100 to 10,000 digits');
    if (!Number.isInteger(epochs) || epochs < 10 || epochs > 2000) throw bad('Layout epochs must be from 10 to 2000');
    const key = `${info.id}@${info.version}:${seed}:${count}:${epochs}`;
    const hit = maps.get(key);
    if (hit) return copyOf(hit.result, true);
    const layer = mapLayerOf(model);
    if ('why' in layer) {
      const none = new Float32Array(0);
      return { modelId: info.id, version: info.version, layer: '', dims: 0, points: none, labels: new Uint8Array(0), preds: new Uint8Array(0), images: new Uint8Array(0), seed, ms: { digits: 0, features: 0, neighbours: 0, layout: 0 }, cached: false, unfit: layer.why };
    }
    const job = startJob('embedding', model);
    const ms = { digits: 0, features: 0, neighbours: 0, layout: 0 } as Record<EmbeddingStage, number>;
    let t = performance.now();
    const lap = (s: EmbeddingStage) => {
      const now = performance.now();
      ms[s] = Math.round(now - t);
      t = now;
    };
    progress({ stage: 'digits', done: 0, total: count });
    const loader = await testSplit();
    job.check();
    const labelsAll = new Uint8Array(loader.total);
    let off = 0;
    for (const s of loader.shards) {
      labelsAll.set(s.labels, off);
      off += s.count;
    }
    const picked = balancedPick(labelsAll, Math.floor(count / 10), seed);
    const n = picked.length;
    const images = tf.tidy(() => {
      const parts: tf.Tensor4D[] = [];
      let start = 0;
      for (const s of loader.shards) {
        const mine = picked.filter((i) => i >= start && i < start + s.count).map((i) => i - start);
        if (mine.length) parts.push(tf.gather(s.xs, tf.tensor1d(mine, 'int32')));
        start += s.count;
      }
      return tf.concat(parts) as tf.Tensor4D;
    });
    try {
      const px = await images.data();
      const bytes = new Uint8Array(n * 784);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(px[i] * 255);
      const labels = Uint8Array.from(picked, (i) => labelsAll[i]);
      lap('digits');
      job.check();
      const { features, preds } = await featuresOf(model, hiddenAndProbs(model, layer), layer.dims, images, (done) => progress({ stage: 'features', done, total: n }), job.check);
      lap('features');
      const knn = await nearest(features, n, layer.dims, NEIGHBOURS, (done) => progress({ stage: 'neighbours', done, total: n }), job.check);
      lap('neighbours');
      const points = await layout(features, n, layer.dims, knn, seed, epochs, (done, total) => progress({ stage: 'layout', done, total }), job.check);
      lap('layout');
      const result = { modelId: info.id, version: info.version, layer: layer.name, dims: layer.dims, points, labels, preds, images: bytes, seed, ms };
      maps.set(key, { result, features });
      while (maps.size > KEEP_MAPS) maps.delete(maps.keys().next().value as string);
      return copyOf(result, false);
    } finally {
      images.dispose();
    }
  },

  async embeddingPoint(p: EmbeddingPointParams): Promise<EmbeddingPointResult> {
    const { model, info } = active();
    const t0 = performance.now();
    const made = latestMap(info);
    if (!made) return { modelId: info.id, version: info.version, mapped: false, x: 0, y: 0, neighbours: [], probs: new Float32Array(0), ms: 0 };
    const layer = mapLayerOf(model);
    if ('why' in layer) throw bad(`This model cannot be mapped: ${layer.why}.`);
    const [h, pr] = tf.tidy(() => {
      const x = imageTensor(p.image);
      const [hidden, probs] = hiddenAndProbs(model, layer).predict(fitInput(model, x)) as tf.Tensor[];
      return [tf.reshape(hidden, [-1]), probs];
    });
    const [feature, probs] = await Promise.all([h.data(), pr.data()]);
    tf.dispose([h, pr]);
    const at = place(feature as Float32Array, made.features, made.result.points, layer.dims);
    return { modelId: info.id, version: info.version, mapped: true, ...at, probs: new Float32Array(probs as Float32Array), ms: performance.now() - t0 };
  },

  /** The user's saved samples on the map, each placed as a live drawing is (one batch through the network). */
  async embeddingSamples(p: EmbeddingSamplesParams): Promise<EmbeddingSamplesResult> {
    const { model, info } = active();
    const t0 = performance.now();
    if (!(p.images instanceof Float32Array) || p.images.length % 784 !== 0) throw bad('Samples must be 28×28 images (784 values each)');
    const m = p.images.length / 784;
    if (m > MAX_SAMPLES) throw bad(`At most ${MAX_SAMPLES.toLocaleString('en')} samples can be placed at once`);
    const made = latestMap(info);
    const none = { modelId: info.id, version: info.version, points: new Float32Array(0), preds: new Uint8Array(0) };
    if (!made) return { ...none, mapped: false, ms: 0 };
    if (m === 0) return { ...none, mapped: true, ms: 0 };
    const layer = mapLayerOf(model);
    if ('why' in layer) throw bad(`This model cannot be mapped: ${layer.why}.`);
    const x = tf.tensor4d(p.images, [m, 28, 28, 1]);
    try {
      const { features, preds } = await featuresOf(model, hiddenAndProbs(model, layer), layer.dims, x, () => undefined, () => undefined);
      const points = placeMany(features, m, made.features, made.result.points, layer.dims);
      return { modelId: info.id, version: info.version, mapped: true, points, preds, ms: performance.now() - t0 };
    } finally {
      x.dispose();
    }
  },

  async adversarial(p: AttackParams, progress: (d: AttackProgress) => void): Promise<AttackResult> {
    const { model, info, insp } = active();
    const job = startJob('attack', model);
    const t0 = performance.now();
    // One image's steps are far quicker on a CPU copy of the model than behind software WebGL (see models/twin.ts).
    const cpu = await cpuInspector(model);
    job.check();
    const on = cpu ?? insp;
    const sync = cpu ? <T>(fn: () => T) => withBackendSync('cpu', fn) : undefined;
    const r = await attack(on, p.image, { target: p.target, budget: p.budget, steps: p.steps, onProgress: progress, check: job.check, sync });
    return { ...r, original: p.image, target: p.target, modelId: info.id, version: info.version, ms: performance.now() - t0 };
  },

  async ablation(p: AblationParams): Promise<AblationResult> {
    const { model, info, insp } = active();
    const block = insp.byName.get(p.layer);
    if (!block || !canAblate(block)) throw bad(`"${p.layer}" is not a conv layer whose filters can be switched off`);
    if (!Array.isArray(p.off)) throw bad('Say which filters are off');
    const testCount = p.testCount ?? 0;
    if (!Number.isInteger(testCount) || testCount < 0 || testCount > 10000) throw bad('The test count must be from 0 to 10,000');
    // Accuracy runs, the whole model's accuracy and drawing answers replace their own kind only: a stroke must not cancel a measurement.
    const job = startJob(testCount === 0 ? 'ablationAnswer' : p.off.length === 0 ? 'ablationBase' : 'ablation', model);
    const run = async (): Promise<AblationResult> => {
      job.check();
      const t0 = performance.now();
      const held = ablationCopy(model);
      applyMask(held, block, p.off);
      let probs: Float32Array | null = null;
      if (p.image) {
        const y = tf.tidy(() => probsOf(held.copy, imageTensor(p.image!)));
        probs = new Float32Array((await y.data()) as Float32Array);
        y.dispose();
      }
      let accuracy: number | null = null;
      let count = 0;
      if (testCount > 0) {
        const loader = await testSplit(testCount);
        job.check();
        // The mask may have been replaced while the digits loaded; this request's mask is put back before measuring.
        applyMask(held, block, p.off);
        const r = await evaluate(held.images, loader.shards);
        accuracy = r.accuracy;
        count = r.count;
      }
      job.check();
      return { modelId: info.id, version: info.version, layer: p.layer, off: [...p.off], probs, accuracy, count, ms: performance.now() - t0 };
    };
    const next = ablationChain.then(run, run);
    ablationChain = next.catch(() => undefined);
    return next;
  },
};
