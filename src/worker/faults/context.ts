/**
 * Surviving a lost WebGL context (driver reset, GPU process crash, a tab
 * using too many contexts): tfjs's WebGL backend is dead after one, with
 * every tensor on it. We listen for `webglcontextlost` on the backend's
 * OffscreenCanvas, fail what was running on it, rebuild the backend on a new
 * context (CPU if that fails), reload the last saved weights of the model
 * this worker holds, and tell the page how long it took.
 */
import * as tf from '../tf';
import { loadWebGL } from '../backend';
import type { Method, WorkerEvent } from '../../shared/protocol';
import { codedError } from '../errors';

export interface ContextHooks {
  emit(e: WorkerEvent): void;
  /** Forget GPU-resident state (data, models): it died with the context. */
  drop(): void;
  /** Reload the worker's model from storage on the new backend; returns its id. */
  reload(): Promise<string | null>;
  /** Whether a long job (training) still runs and should end before the rebuild. */
  busy(): boolean;
  setBackend(b: 'webgl' | 'cpu'): void;
}

/** Requests that may simply run again once the context is back (they only read). */
const RETRYABLE = new Set<Method>(['predict', 'loadModel', 'listModels', 'exportModel', 'exportOnnx', 'inspectLayers', 'featureMaps', 'filters', 'noise', 'saliency', 'embedding', 'embeddingPoint', 'embeddingSamples', 'adversarial', 'ablation', 'getCheckpoint', 'storageStatus']);

let hooks: ContextHooks | null = null;
let watchedCanvas: EventTarget | null = null;
/** Resolves when no recovery is under way. */
let recovering: Promise<void> | null = null;
/** Bumped by every loss; a request that saw it change ran on a dead context. */
let losses = 0;
let onLoss: (() => void)[] = [];
/** Duration of the last recovery, ms (tests read it through the event). */
export let lastRecoveryMs: number | null = null;

type GlBackend = { gpgpu?: { gl?: WebGL2RenderingContext } };

/** The live WebGL context of the tfjs backend, or null on CPU. */
export function currentGl(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as GlBackend).gpgpu?.gl ?? null;
}

/** Throws while the WebGL context is lost: weights read back now would be garbage, and must not overwrite good ones. */
export function assertGpuAlive(what: string): void {
  if (recovering || currentGl()?.isContextLost()) {
    throw codedError('internal', `The graphics context was lost, so ${what} was not saved (its weights could not be read back).`);
  }
}

/** Starts watching the current backend's canvas (call after init and after each rebuild). */
export function watchContext(h: ContextHooks): void {
  hooks = h;
  const gl = currentGl();
  const canvas = (gl as unknown as { canvas?: EventTarget } | null)?.canvas;
  if (!canvas || canvas === watchedCanvas) return;
  watchedCanvas = canvas;
  canvas.addEventListener('webglcontextlost', (ev) => {
    ev.preventDefault();
    if (canvas === watchedCanvas) void contextLost();
  });
}

async function contextLost(): Promise<void> {
  if (recovering || !hooks) return;
  const h = hooks;
  const t0 = performance.now();
  losses++;
  watchedCanvas = null;
  const waiters = onLoss;
  onLoss = [];
  waiters.forEach((f) => f());
  h.emit({ type: 'context-lost' });
  recovering = (async () => {
    // A training loop on the dead context fails within a batch; let it end before swapping the backend under it.
    for (let i = 0; i < 50 && h.busy(); i++) await new Promise((r) => setTimeout(r, 100));
    h.drop();
    const backend = await rebuildBackend();
    h.setBackend(backend);
    let modelId: string | null = null;
    try {
      modelId = await h.reload();
    } catch (e) {
      console.warn('[digit-lab] reloading the model after a lost context failed', e);
    }
    lastRecoveryMs = Math.round(performance.now() - t0);
    if (backend === 'cpu') h.emit({ type: 'backend', backend: 'cpu', notice: 'The graphics context was lost and WebGL could not be restarted: running on the CPU instead, which is slower.' });
    h.emit({ type: 'context-restored', ms: lastRecoveryMs, modelId });
    watchContext(h);
  })().finally(() => {
    recovering = null;
  });
  await recovering;
}

/** Drops the dead WebGL backend and registers a fresh one on a new context; CPU if WebGL will not come back. */
async function rebuildBackend(): Promise<'webgl' | 'cpu'> {
  try {
    tf.removeBackend('webgl');
  } catch (e) {
    console.warn('[digit-lab] removing the dead WebGL backend', e);
  }
  try {
    const { MathBackendWebGL } = await loadWebGL();
    tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
      const v = (await probe.data())[0];
      probe.dispose();
      if (v === 2) return 'webgl';
    }
  } catch (e) {
    console.warn('[digit-lab] WebGL did not come back', e);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * Runs one request around context losses: waits out a recovery before
 * starting; if the context is lost while it runs, read-only requests run
 * again on the rebuilt backend and the others fail with a clear message
 * (training resumes from its checkpoint).
 */
export async function guarded<T>(method: Method, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (recovering) await recovering;
    const seen = losses;
    let cancel = () => undefined as void;
    const lost = new Promise<never>((_, reject) => {
      const f = () => reject(codedError('internal', 'The graphics context was lost while this ran; the GPU backend has been rebuilt.', { lost: true }));
      onLoss.push(f);
      cancel = () => {
        onLoss = onLoss.filter((g) => g !== f);
      };
    });
    lost.catch(() => undefined);
    try {
      return await Promise.race([run(), lost]);
    } catch (e) {
      const hit = losses !== seen;
      if (hit && RETRYABLE.has(method) && attempt === 0) continue;
      if (hit && !(e as { lost?: boolean }).lost) {
        throw codedError('internal', `The graphics context was lost while this ran (${(e as Error).message}); the GPU backend has been rebuilt.`);
      }
      throw e;
    } finally {
      cancel();
    }
  }
}
