import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '../tf';
import { buildModel } from './zoo';
import { predictProbs } from './predict';
import { featureMaps, featureMapsOnCpu, featureMapsOnNet } from '../inspect/activations';
import { inspectorFor } from '../inspect/inspector';
import { choosePredictor, cpuCopy, cpuTwin, disposeTwin, predictOnTwin, quickerCopy, withBackendSync } from './twin';
import { plainNetOf } from '../engine/of-model';

// A second backend standing in for WebGL: the CPU kernels under another name.
const GPU = 'stand-in-gpu';

beforeAll(async () => {
  tf.registerBackend(GPU, () => new MathBackendCPU(), 0);
  for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: GPU });
  await tf.setBackend(GPU);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const onBackend = (t: tf.Tensor) => (tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, { backend: tf.KernelBackend }> } }).state.tensorInfo.get(t.dataId)?.backend;

describe('the CPU twin of a model', () => {
  it('gives the same probabilities, runs on the CPU backend and leaves the active backend as it was', async () => {
    for (const arch of ['cnn', 'mlp'] as const) {
      const model = buildModel(arch);
      const twin = await cpuTwin(model);
      expect(tf.getBackend()).toBe(GPU);
      expect(onBackend(twin.getWeights()[0] as tf.Tensor)).toBe(tf.findBackend('cpu'));
      expect(onBackend(model.getWeights()[0] as tf.Tensor)).toBe(tf.findBackend(GPU));
      const image = new Float32Array(784).map((_, i) => ((i * 7919) % 13) / 13);
      const a = await predictProbs(model, image);
      const b = predictOnTwin(twin, image);
      expect(tf.getBackend()).toBe(GPU);
      b.forEach((v, i) => expect(v).toBeCloseTo(a[i], 5));
      disposeTwin(twin);
      model.dispose();
    }
  });

  it('gives the same feature maps as the model it copies, on a tfjs twin and on the plain-JS engine', async () => {
    for (const arch of ['cnn', 'keras-cnn', 'mlp'] as const) {
      const model = buildModel(arch);
      const twin = await cpuTwin(model);
      const net = await plainNetOf(model);
      const image = new Float32Array(784).map((_, i) => ((i * 31) % 17) / 17);
      const a = await featureMaps(inspectorFor(model), image);
      const before = tf.memory().numTensors;
      const b = featureMapsOnCpu(inspectorFor(twin), image);
      const c = featureMapsOnNet(net!, inspectorFor(model), image);
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.getBackend()).toBe(GPU);
      for (const got of [b, c!]) {
        expect(got.maps.map((m) => [m.layer, m.shape])).toEqual(a.maps.map((m) => [m.layer, m.shape]));
        got.maps.forEach((m, i) => m.data.forEach((v, j) => expect(v).toBeCloseTo(a.maps[i].data[j], 4)));
        got.probs.forEach((v, i) => expect(v).toBeCloseTo(a.probs[i], 5));
      }
      disposeTwin(twin);
      model.dispose();
    }
  });

  it('leaks no tensors across predictions, and none once disposed', async () => {
    const model = buildModel('cnn');
    const before = tf.memory().numTensors;
    const twin = await cpuTwin(model);
    const withTwin = tf.memory().numTensors;
    expect(withTwin).toBeGreaterThan(before);
    for (let i = 0; i < 20; i++) predictOnTwin(twin, new Float32Array(784).fill(i / 20));
    expect(tf.memory().numTensors).toBe(withTwin);
    disposeTwin(twin);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('switches back even when the work throws, and refuses a backend that is not there', () => {
    expect(() => withBackendSync('cpu', () => { throw new Error('boom'); })).toThrow('boom');
    expect(tf.getBackend()).toBe(GPU);
    expect(() => withBackendSync('no-such-backend', () => 1)).toThrow();
    expect(tf.getBackend()).toBe(GPU);
  });
});

describe('choosing where one-image predictions run', () => {
  it('keeps a copy that beats a slow GPU: the plain-JS engine, or a tfjs CPU twin for a layer the engine does not know; none when no copy can be made', async () => {
    const model = buildModel('cnn');
    const copy = await quickerCopy(model, () => new Promise((r) => setTimeout(r, 80)));
    expect(copy?.engine).toBe('js');
    copy?.dispose();
    const before = tf.memory().numTensors;
    const odd = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'elu' })] });
    const fallback = await cpuCopy(odd);
    expect(fallback.engine).toBe('tfjs-cpu');
    const image = new Float32Array(784).map((_, i) => (i % 5) / 5);
    const want = await predictProbs(odd, image);
    fallback.predict(image).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    fallback.dispose();
    odd.dispose();
    const gone = () => {
      throw new Error('gone');
    };
    const broken = Object.defineProperties(Object.create(model), { getWeights: { value: gone }, layers: { get: gone } }) as tf.LayersModel;
    expect(await quickerCopy(broken, async () => 0)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('prefers the CPU when it is as quick or quick enough, the GPU for a slow big model', () => {
    expect(choosePredictor(4, 40)).toBe('cpu');
    expect(choosePredictor(8, 3)).toBe('cpu');
    expect(choosePredictor(30, 40)).toBe('cpu');
    expect(choosePredictor(60, 5)).toBe('webgl');
  });
});
