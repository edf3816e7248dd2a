import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { FusedAdam, FusedRMSProp, compareWithTfjs } from './fusedopt';

// The fused WebGL path runs only in a browser: `npm run bench` checks it there with compareWithTfjs before timing.
// Here, on the CPU backend, the subclasses must be tfjs's optimizers exactly: same steps, same state for checkpoints.
describe('fused optimizers off WebGL', () => {
  for (const [name, ours, theirs] of [
    ['Adam', () => new FusedAdam(0.01, 0.9, 0.999), () => tf.train.adam(0.01)],
    ['RMSprop', () => new FusedRMSProp(0.01, 0.9, 0, 1e-7), () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7)],
  ] as const) {
    it(`${name}: the same steps and the same saved state as tfjs's`, async () => {
      const init = [tf.randomNormal([3, 3, 1, 4], 0, 1, 'float32', 1), tf.randomNormal([5], 0, 1, 'float32', 2)];
      const a = init.map((t) => tf.tidy(() => tf.variable(t.clone())));
      const b = init.map((t) => tf.tidy(() => tf.variable(t.clone())));
      const oa = ours();
      const ob = theirs();
      const loss = (vs: tf.Variable[]) => () => tf.addN(vs.map((v, k) => tf.sum(tf.square(tf.sub(v, k))))) as tf.Scalar;
      for (let i = 0; i < 4; i++) {
        oa.minimize(loss(a));
        ob.minimize(loss(b));
      }
      a.forEach((v, k) => expect(tf.max(tf.abs(tf.sub(v, b[k]))).dataSync()[0]).toBeLessThan(1e-7));
      const wa = await oa.getWeights();
      const wb = await ob.getWeights();
      expect(wa.length).toBe(wb.length);
      expect(oa.iterations).toBe(4);
      tf.dispose([...init, ...a, ...b]);
      oa.dispose();
      ob.dispose();
    });
  }

  it('compareWithTfjs reports no difference where both run tfjs code, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const r = compareWithTfjs(2);
    expect(r).toEqual({ backend: 'cpu', adam: 0, rmsprop: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
