/** Start-up and the active model: init, loadModel (latest load wins) and predict. */
import type * as tf from '../tf';
import { initBackend } from '../backend';
import { badRequest, codedError } from '../errors';
import { afterInit } from '../faults';
import type { Routes } from '../routes';
import { openModel, state } from '../state';
import { predictProbs, warmUp } from './predict';
import { choosePredictor, medianMs, timedCopy } from './twin';

/** Bumped by every load: a load that finishes after a newer one started is dropped, never made active. */
let loads = 0;

/** Warms `model` up on the GPU and, when it then beats the CPU twin, predicts there instead. */
async function preferGpuIfQuicker(model: tf.LayersModel, cpuMs: number): Promise<void> {
  try {
    await warmUp(model);
    const gpuMs = await medianMs(() => predictProbs(model, new Float32Array(784)));
    if (state.model !== model || !state.twin || choosePredictor(cpuMs, gpuMs) !== 'webgl') return;
    const twin = state.twin;
    state.twin = null;
    twin.dispose();
  } catch (e) {
    console.warn('[digit-lab] the GPU could not be warmed up; predictions stay on the CPU copy', e);
  }
}

export const modelHandlers = {
  async init(p) {
    state.role = p.role;
    state.baseUrl = p.baseUrl.endsWith('/') ? p.baseUrl : `${p.baseUrl}/`;
    const choice = await initBackend(p.backend);
    state.backend = choice.backend;
    afterInit(p, async (id) => (await modelHandlers.loadModel({ id })).id);
    return choice;
  },

  async loadModel(p) {
    const ticket = ++loads;
    const { model, info, meta } = await openModel(p.id);
    let made: Awaited<ReturnType<typeof timedCopy>> = null;
    try {
      // The infer worker answers from a CPU copy (the plain-JS engine) as soon as the weights are in (see models/twin.ts).
      // WebGL's shaders, seconds of compiling on a software GPU, stay off that path: compiled in the
      // background only when the copy is too slow to keep, and not at all when it will answer every drawing.
      made = state.role === 'infer' && state.backend === 'webgl' ? await timedCopy(model) : null;
      if (!made) await warmUp(model);
    } catch (e) {
      model.dispose();
      throw e;
    }
    if (ticket !== loads) {
      model.dispose();
      made?.copy.dispose();
      throw codedError('cancelled', `Loading “${info.name}” was overtaken by a newer load`);
    }
    state.model?.dispose();
    state.twin?.dispose();
    state.twin = made?.copy ?? null;
    state.model = model;
    state.info = info;
    state.meta = meta;
    if (made && choosePredictor(made.cpuMs, Infinity) === 'webgl') void preferGpuIfQuicker(model, made.cpuMs);
    return info;
  },

  async predict(p) {
    const model = state.model;
    // The CPU twin keeps answering while a lost GPU context is rebuilt.
    if ((!model && !state.twin) || !state.info) throw codedError('model-missing', 'No model is loaded yet');
    if (!(p.image instanceof Float32Array) || p.image.length !== 784) throw badRequest('predict needs 784 pixels');
    const t0 = performance.now();
    const twin = state.twin;
    const probs = twin ? twin.predict(p.image) : await predictProbs(model!, p.image);
    return { probs, modelId: state.info.id, version: state.info.version, ms: performance.now() - t0, on: twin ? 'cpu' : state.backend };
  },
} satisfies Pick<Routes, 'init' | 'loadModel' | 'predict'>;
