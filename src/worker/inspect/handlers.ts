/** The "Look inside" handlers, run by the lab worker on its own copy of the active model. */
import type { FeatureMap, FeatureMapsParams, FeatureMapsResult, FiltersResult, DreamParams, DreamProgress, DreamResult, ModelLayout, NoiseParams, NoiseResult, SaliencyParams, SaliencyResult } from '../../shared/inspect-types';
import type { ModelInfo } from '../../shared/types';
import type { Routes } from '../routes';
import { state } from '../state';
import type * as tf from '../tf';
import { featureMaps, featureMapsOnCpu, featureMapsOnNet } from './activations';
import { plainNetOf } from '../engine/of-model';
import { cpuTwin, disposeTwin } from '../models/twin';
import { dream } from './dream';
import { convFilters, denseWeights } from './filters';
import { inspectorFor, type Inspector } from './inspector';
import { cancelJobs } from './jobs';
import { describe } from './layers';
import { noiseImage } from './noise';
import { saliency } from './saliency';
import { codedError, badRequest } from '../errors';

/** Bumped by every new dream and every cancel; a running dream stops when it no longer matches. */
let dreamGeneration = 0;

function active(): { model: tf.LayersModel; info: ModelInfo; insp: Inspector } {
  const { model, info } = state;
  if (!model || !info) throw codedError('model-missing', 'No model is loaded in the lab yet');
  return { model, info, insp: inspectorFor(model) };
}

/** A CPU copy of the lab's active model for one-image feature maps (built on first use, per model). */
let twin: { of: tf.LayersModel; made: Promise<{ model: tf.LayersModel; insp: Inspector } | null> } | null = null;

/** The inspector of the active model's CPU twin, or null when the lab already runs on the CPU (or the copy failed). */
export async function cpuInspector(model: tf.LayersModel): Promise<Inspector | null> {
  if (state.backend !== 'webgl') return null;
  if (twin?.of !== model) {
    const old = twin;
    twin = {
      of: model,
      made: cpuTwin(model).then(
        (m) => ({ model: m, insp: inspectorFor(m) }),
        () => null,
      ),
    };
    void old?.made.then((t) => t && disposeTwin(t.model));
  }
  const made = await twin.made;
  // The model changed while the copy was made: the caller's request is stale.
  if (state.model !== model) throw codedError('cancelled', 'Cancelled: the model changed');
  return made?.insp ?? null;
}

/**
 * One image's feature maps and probabilities: on the plain-JS engine (a few ms),
 * else on a tfjs CPU twin (models with layers the engine does not know), else on the model itself.
 */
async function mapsOf(model: tf.LayersModel, insp: Inspector, image: Float32Array, names?: string[]): Promise<{ maps: FeatureMap[]; probs: Float32Array }> {
  const net = await plainNetOf(model);
  if (state.model !== model) throw codedError('cancelled', 'Cancelled: the model changed');
  const quick = net ? featureMapsOnNet(net, insp, image, names) : null;
  if (quick) return quick;
  const cpu = await cpuInspector(model);
  return cpu ? featureMapsOnCpu(cpu, image, names) : await featureMaps(insp, image, names);
}

export const inspectHandlers = {
  async inspectLayers(): Promise<ModelLayout> {
    const { info, insp } = active();
    return {
      modelId: info.id,
      version: info.version,
      modelName: info.name,
      layers: insp.found.map(describe),
      hasConv: insp.found.some((f) => f.kind === 'conv'),
      codeLayer: insp.code?.name ?? null,
      hasLogits: insp.hasLogits,
    };
  },

  async featureMaps(p: FeatureMapsParams): Promise<FeatureMapsResult> {
    const { model, info, insp } = active();
    const t0 = performance.now();
    const r = await mapsOf(model, insp, p.image, p.layers);
    return { ...r, modelId: info.id, version: info.version, ms: performance.now() - t0 };
  },

  async filters(): Promise<FiltersResult> {
    const { info, insp } = active();
    const conv = await convFilters(insp);
    if (conv.length) return { conv, dense: null, modelId: info.id, version: info.version };
    if (state.model !== insp.model) throw codedError('cancelled', 'Cancelled: the model changed');
    return { conv, dense: await denseWeights(insp), modelId: info.id, version: info.version };
  },

  async noise(p: NoiseParams): Promise<NoiseResult> {
    const { model, info, insp } = active();
    if (!Number.isSafeInteger(p.seed)) throw badRequest('The noise seed must be a whole number');
    const t0 = performance.now();
    const image = noiseImage(p.seed);
    const r = await mapsOf(model, insp, image);
    return { ...r, image, seed: p.seed, modelId: info.id, version: info.version, ms: performance.now() - t0 };
  },

  async dream(p: DreamParams, progress: (d: DreamProgress) => void): Promise<DreamResult> {
    const { model, insp } = active();
    const job = ++dreamGeneration;
    const t0 = performance.now();
    const r = await dream(insp, p, {
      onProgress: progress,
      // A new model in the lab, a newer dream or a cancel all end this one.
      isCancelled: () => job !== dreamGeneration || state.model !== model,
    });
    return { ...r, ms: performance.now() - t0 };
  },

  async saliency(p: SaliencyParams): Promise<SaliencyResult> {
    const { insp } = active();
    if (p.method !== 'gradient' && p.method !== 'integrated') throw badRequest(`Unknown saliency method "${String(p.method)}"`);
    const t0 = performance.now();
    const r = await saliency(insp, p.image, p.method, p.target, p.steps);
    return { ...r, method: p.method, ms: performance.now() - t0 };
  },

  async inspectCancel(): Promise<{ cancelled: true }> {
    dreamGeneration++;
    cancelJobs();
    return { cancelled: true as const };
  },
} satisfies Pick<Routes, 'inspectLayers' | 'featureMaps' | 'filters' | 'noise' | 'dream' | 'saliency' | 'inspectCancel'>;
