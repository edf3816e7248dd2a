/** Chooses the tfjs backend: WebGL when it works, the CPU backend otherwise. */
import '@tensorflow/tfjs-backend-webgl';
import * as tf from './tf';
import type { BackendName } from '../shared/types';

export interface BackendChoice {
  backend: BackendName;
  notice?: string;
}

/** Initialises tfjs, preferring WebGL; never throws for a missing GPU. */
export async function initBackend(prefer?: BackendName): Promise<BackendChoice> {
  if (prefer !== 'cpu') {
    let reason = 'WebGL is not available';
    try {
      if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas in workers');
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
    return { backend: 'cpu', notice: `${reason}: running on the CPU instead, which is slower. Drawing and predicting still work; training will be slow.` };
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu' };
}
