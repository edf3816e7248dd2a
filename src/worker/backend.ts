/**
 * Chooses the tfjs backend: WebGL when it works, the CPU backend otherwise.
 * tfjs's WebGL backend is imported on first use (its own chunk): the infer
 * worker answers drawings on the plain-JS engine and may never need it.
 */
import * as tf from './tf';
import type { BackendName } from '../shared/types';

export interface BackendChoice {
  backend: BackendName;
  notice?: string;
}

/** The notice shown when WebGL cannot be used. */
export const cpuNotice = (reason: string) => `${reason}: running on the CPU instead, which is slower. Drawing and predicting still work; training will be slow.`;

/** Registers tfjs's WebGL backend (priority 2, as its module does on import); resolves to its class. */
export async function loadWebGL(): Promise<typeof import('@tensorflow/tfjs-backend-webgl')> {
  return import('@tensorflow/tfjs-backend-webgl');
}

/**
 * Whether this worker can get a WebGL2 context at all, without tfjs: one
 * 1×1 context, released at once (~5–15 ms on a software GPU, where tfjs's
 * backend takes hundreds: its shaders). What the page shows before tfjs's
 * backend is needed; `initBackend` has the last word when it runs.
 */
export function probeWebGL(): BackendChoice {
  try {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas in workers');
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl || gl.isContextLost()) throw new Error('no WebGL2 context');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { backend: 'webgl' };
  } catch (e) {
    return { backend: 'cpu', notice: cpuNotice(`WebGL is not available (${(e as Error).message})`) };
  }
}

/** Initialises tfjs, preferring WebGL; never throws for a missing GPU. */
export async function initBackend(prefer?: BackendName): Promise<BackendChoice> {
  if (prefer !== 'cpu') {
    let reason = 'WebGL is not available';
    try {
      if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas in workers');
      await loadWebGL();
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        // A trivial op proves shaders compile and the context is real.
        const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
        const v = (await probe.data())[0];
        probe.dispose();
        if (v === 2) {
          return { backend: 'webgl' };
        }
        reason = 'WebGL gave wrong results';
      }
    } catch (e) {
      reason = `WebGL is not available (${(e as Error).message})`;
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: 'cpu', notice: cpuNotice(reason) };
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu' };
}
