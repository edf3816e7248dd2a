/**
 * A CPU copy of the active model for one-image predictions.
 *
 * One 28×28 image through a ~30K-parameter CNN is a few million multiply-adds:
 * a few milliseconds in plain JS (engine/net.ts), with no upload, readback or
 * shader queue; tfjs's CPU backend takes ~100 ms for the same (per-op overhead),
 * so it is only the fallback for models with layers the engine does not know. On the WebGL backend the same prediction waits behind whatever else
 * the (single, shared) GPU process is doing, above all a training run in the
 * lab worker. So the infer worker keeps a CPU twin and predicts on whichever
 * is quicker, measured when the model loads (see `choosePredictor`).
 *
 * The twin's tensors live on the CPU backend. Every use switches the engine's
 * backend to 'cpu' and back inside one synchronous block, so no other request
 * in this worker ever runs while the switch is in effect.
 */
import * as tf from '../tf';
import { fitInput } from '../storage/validate';
import { plainNetOf } from '../engine/of-model';
import type { PlainNet } from '../engine/net';

/** A CPU copy of a model for one image at a time: the plain-JS engine, or a tfjs CPU twin for models it cannot run. */
export interface CpuCopy {
  engine: 'js' | 'tfjs-cpu';
  predict(image: Float32Array): Float32Array;
  dispose(): void;
}

/** A CPU copy on the plain-JS engine. */
export function jsCopy(net: PlainNet): CpuCopy {
  return { engine: 'js', predict: (image) => net.predict(image), dispose: () => undefined };
}

/** The quickest CPU copy of `model`: the plain-JS engine where it knows every layer, else a tfjs CPU twin. */
export async function cpuCopy(model: tf.LayersModel): Promise<CpuCopy> {
  const net = await plainNetOf(model);
  if (net) return jsCopy(net);
  const twin = await cpuTwin(model);
  return { engine: 'tfjs-cpu', predict: (image) => predictOnTwin(twin, image), dispose: () => disposeTwin(twin) };
}

/** Runs `fn` with `name` as the active backend, synchronously, and switches back. */
export function withBackendSync<T>(name: string, fn: () => T): T {
  const before = tf.getBackend();
  if (before === name) return fn();
  const target = tf.findBackend(name);
  if (!target) throw new Error(`the ${name} backend is not available`);
  // For a registered backend without async init, setBackend switches before its promise settles.
  void tf.setBackend(name);
  if ((tf.engine() as unknown as { backendInstance: unknown }).backendInstance !== target) throw new Error(`could not switch to the ${name} backend synchronously`);
  try {
    return fn();
  } finally {
    void tf.setBackend(before);
  }
}

/** Makes a CPU copy of `model` (same topology, same weights). */
export async function cpuTwin(model: tf.LayersModel): Promise<tf.LayersModel> {
  const values = await Promise.all(model.getWeights().map(async (w) => ({ shape: w.shape, data: await w.data<'float32'>() })));
  const config = model.getConfig() as tf.serialization.ConfigDict;
  const cls = (model instanceof tf.Sequential ? tf.Sequential : tf.LayersModel) as unknown as {
    fromConfig(cls: unknown, config: tf.serialization.ConfigDict, customObjects: tf.serialization.ConfigDict, fastWeightInit: boolean): tf.LayersModel;
  };
  return withBackendSync('cpu', () => {
    // fastWeightInit: skip the random initialisers, the weights are set next.
    const twin = cls.fromConfig(cls, config, {}, true);
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    twin.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
    return twin;
  });
}

/** Class probabilities for one image on the CPU twin (synchronous). */
export function predictOnTwin(twin: tf.LayersModel, image: Float32Array): Float32Array {
  return withBackendSync('cpu', () => {
    const y = tf.tidy(() => twin.predict(fitInput(twin, tf.tensor4d(image, [1, 28, 28, 1]))) as tf.Tensor);
    try {
      return new Float32Array(y.dataSync());
    } finally {
      y.dispose();
    }
  });
}

/** Disposes a twin's weights on the CPU backend. */
export function disposeTwin(twin: tf.LayersModel | null): void {
  if (twin) withBackendSync('cpu', () => twin.dispose());
}

/** Median of a few timings of `run`, ms. */
export async function medianMs(run: () => unknown, n = 5): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

/**
 * Where one-image predictions run. The CPU twin wins when it is at least as
 * quick as the GPU, or quick enough in itself (≤ `fastEnoughMs`): then it is
 * preferred even against a faster idle GPU, because it never queues behind
 * training. A big imported model that is slow on the CPU stays on the GPU.
 */
export function choosePredictor(cpuMs: number, gpuMs: number, fastEnoughMs = 15): 'cpu' | 'webgl' {
  return cpuMs <= gpuMs || cpuMs <= fastEnoughMs ? 'cpu' : 'webgl';
}

/** A CPU copy with its median time for one image, or null when no copy can be made. */
export async function timedCopy(model: tf.LayersModel): Promise<{ copy: CpuCopy; cpuMs: number } | null> {
  let copy: CpuCopy | null = null;
  try {
    copy = await cpuCopy(model);
    const made = copy;
    const image = new Float32Array(784);
    made.predict(image);
    return { copy: made, cpuMs: await medianMs(() => made.predict(image)) };
  } catch (e) {
    console.warn('[digit-lab] no CPU copy, predicting on the GPU', e);
    copy?.dispose();
    return null;
  }
}

/**
 * The CPU copy to predict one image on, or null to stay on the model's own
 * backend: made, timed, and kept only when `choosePredictor` picks the CPU.
 * The GPU is timed only when the copy is not quick enough on its own.
 */
export async function quickerCopy(model: tf.LayersModel, predictGpu: (image: Float32Array) => Promise<unknown>): Promise<CpuCopy | null> {
  const made = await timedCopy(model);
  if (!made) return null;
  if (choosePredictor(made.cpuMs, Infinity) === 'cpu') return made.copy;
  try {
    const gpuMs = await medianMs(() => predictGpu(new Float32Array(784)));
    if (choosePredictor(made.cpuMs, gpuMs) === 'cpu') return made.copy;
  } catch (e) {
    console.warn('[digit-lab] the GPU could not be timed; predicting on the CPU copy', e);
    return made.copy;
  }
  made.copy.dispose();
  return null;
}
