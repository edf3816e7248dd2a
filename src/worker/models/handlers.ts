/** Start-up and the active model: init, loadModel (latest load wins) and predict. */
import type * as tf from '../tf';
import { initBackend, probeWebGL, type BackendChoice } from '../backend';
import { badRequest, codedError } from '../errors';
import { afterInit, reportStorage } from '../faults';
import type { InitParams, Method } from '../../shared/protocol';
import type { Routes } from '../routes';
import { openModel, state } from '../state';
import { predictProbs, warmUp } from './predict';
import { choosePredictor, jsCopy, medianMs, timedCopy, type CpuCopy } from './twin';
import { enableDebug } from '../faults/debug';
import { openFiles } from '../storage/artifacts';
import { ModelFileError } from '../storage/validate';
import { plainNetFromArtifacts } from '../engine/of-model';
import type { ModelInfo, ModelMeta } from '../../shared/types';

/** Bumped by every load: a load that finishes after a newer one started is dropped, never made active. */
let loads = 0;

/** Models up to this many multiply-adds per image answer on the plain-JS engine without being timed (~5.5 M: the default CNN, a few ms). */
const QUICK_MACS = 30e6;

let params: InitParams | null = null;
let starting: Promise<BackendChoice> | null = null;
/** Whether init answered before the backend was up, so the page must hear which it is. */
let announce = false;

/** Initialises tfjs's backend once (see init), then wires fault handling to it. */
function startBackend(): Promise<BackendChoice> {
  const p = params;
  if (!p) return Promise.resolve({ backend: state.backend });
  starting ??= initBackend(p.backend).then((choice) => {
    state.backend = choice.backend;
    afterInit(p, async (id) => (await modelHandlers.loadModel({ id })).id);
    if (announce) state.emit({ type: 'backend', backend: choice.backend, notice: choice.notice });
    return choice;
  });
  return starting;
}

/** Resolves once tfjs's backend is up, starting it if it has not started; never rejects. */
export function backendReady(): Promise<unknown> {
  return startBackend().catch(() => undefined);
}

/** What the infer worker answers without tfjs's backend (the plain-JS engine, and loads that bring the backend up themselves). */
const WITHOUT_BACKEND = new Set<Method>(['init', 'loadModel', 'predict', 'debugFault']);

/**
 * Called before each request: the infer worker brings tfjs's backend up on the
 * first request that needs it (an export, a model the engine cannot run is
 * loaded by loadModel itself), never behind the engine's answers.
 */
export function beforeRequest(method: Method): Promise<unknown> | null {
  return state.role === 'infer' && !WITHOUT_BACKEND.has(method) ? backendReady() : null;
}

/**
 * The infer worker's quick load: the model's files straight into the plain-JS
 * engine, no tfjs model and no backend needed. Null when it does not apply
 * (files only reachable the usual way, a layer the engine does not know, or a
 * model big enough that the GPU may beat the CPU): then the usual load.
 */
async function quickLoad(id: string): Promise<{ copy: CpuCopy; info: ModelInfo; meta: ModelMeta | null } | null> {
  const files = await openFiles(state.baseUrl, id).catch((e: unknown) => {
    // A missing or corrupt shipped file is the same error the usual load would give.
    if (e instanceof ModelFileError) throw e;
    return null;
  });
  const net = files && plainNetFromArtifacts(files.artifacts);
  if (!files || !net || net.macs > QUICK_MACS || net.outputSize !== 10) return null;
  return { copy: jsCopy(net), info: files.info, meta: files.meta };
}

/**
 * After the load: the engine's code warmed up (the first runs of fresh JS are
 * several times slower than the optimised ones). tfjs's backend is not brought
 * up: the engine answers every drawing, and the first request that needs tfjs
 * brings it up (beforeRequest). Bringing it up here blocked this worker for a
 * few hundred ms (WebGL context, shaders) just as the first answers were asked for.
 */
function afterQuickLoad(copy: CpuCopy): void {
  setTimeout(() => {
    const image = new Float32Array(784).map((_, i) => (i % 3) / 3);
    for (let i = 0; i < 3; i++) copy.predict(image);
  }, 0);
}

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
    params = p;
    enableDebug(p.debug);
    if (p.role !== 'infer' || p.backend === 'cpu') return startBackend();
    // The infer worker answers drawings on the plain-JS engine, which needs no backend. tfjs's backend comes up on the
    // first request that needs it (beforeRequest), and the page is told then by a 'backend' event. Until then the page
    // shows what a bare WebGL context says (a few ms): WebGL, where tfjs's work (training, Look inside) will run, or
    // the CPU with a notice saying why.
    announce = true;
    reportStorage(p);
    return probeWebGL();
  },

  async loadModel(p) {
    const ticket = ++loads;
    const quick = state.role === 'infer' ? await quickLoad(p.id) : null;
    if (quick) {
      if (ticket !== loads) throw codedError('cancelled', `Loading “${quick.info.name}” was overtaken by a newer load`);
      // Ready now: this worker holds no tfjs model at all, the engine answers every drawing.
      state.model?.dispose();
      state.twin?.dispose();
      state.model = null;
      state.twin = quick.copy;
      state.info = quick.info;
      state.meta = quick.meta;
      afterQuickLoad(quick.copy);
      return quick.info;
    }
    await backendReady();
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
