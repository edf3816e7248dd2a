/** Start-up and the active model: init, loadModel (latest load wins) and predict. */
import type * as tf from '../tf';
import { initBackend } from '../backend';
import { badRequest, codedError } from '../errors';
import { afterInit } from '../faults';
import type { Routes } from '../routes';
import { openModel, state } from '../state';
import { predictProbs, warmUp } from './predict';
import { disposeTwin, predictOnTwin, quickerTwin } from './twin';

/** Bumped by every load: a load that finishes after a newer one started is dropped, never made active. */
let loads = 0;

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
    let twin: tf.LayersModel | null = null;
    try {
      await warmUp(model);
      // Predictions run where they are quickest (measured now); see models/twin.ts.
      twin = state.role === 'infer' && state.backend === 'webgl' ? await quickerTwin(model, (image) => predictProbs(model, image)) : null;
    } catch (e) {
      model.dispose();
      throw e;
    }
    if (ticket !== loads) {
      model.dispose();
      disposeTwin(twin);
      throw codedError('cancelled', `Loading “${info.name}” was overtaken by a newer load`);
    }
    state.model?.dispose();
    disposeTwin(state.twin);
    state.twin = twin;
    state.model = model;
    state.info = info;
    state.meta = meta;
    return info;
  },

  async predict(p) {
    const model = state.model;
    // The CPU twin keeps answering while a lost GPU context is rebuilt.
    if ((!model && !state.twin) || !state.info) throw codedError('model-missing', 'No model is loaded yet');
    if (!(p.image instanceof Float32Array) || p.image.length !== 784) throw badRequest('predict needs 784 pixels');
    const t0 = performance.now();
    const twin = state.twin;
    const probs = twin ? predictOnTwin(twin, p.image) : await predictProbs(model!, p.image);
    return { probs, modelId: state.info.id, version: state.info.version, ms: performance.now() - t0, on: twin ? 'cpu' : state.backend };
  },
} satisfies Pick<Routes, 'init' | 'loadModel' | 'predict'>;
