import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel } from '../models/zoo';
import { barImage, sequentialCnn, tinyCnn } from '../testing/inspectModels';
import { featureMaps } from './activations';
import { convFilters, denseWeights } from './filters';
import { inspectorFor } from './inspector';
import { describe as describeLayer } from './layers';
import { noiseImage, prng } from './noise';
import { saliency } from './saliency';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('layer discovery', () => {
  it('folds batch norm and ReLU into conv blocks of the zoo CNN', () => {
    const model = buildModel('cnn');
    const insp = inspectorFor(model);
    const layers = insp.found.map(describeLayer);
    expect(layers.map((l) => l.kind)).toEqual(['conv', 'pool', 'conv', 'conv', 'pool', 'conv', 'conv', 'pool', 'dense']);
    expect(layers[0]).toMatchObject({ name: 'relu1', parts: ['conv1', 'bn1', 'relu1'], className: 'Conv2D', outputShape: [28, 28, 16], kernelShape: [3, 3, 1, 16], activation: 'relu', isOutput: false });
    expect(layers[8]).toMatchObject({ kind: 'dense', isOutput: true, activation: 'softmax', kernelShape: [576, 10] });
    // The dream objective stops before the ReLU, so a switched-off filter still has a gradient.
    expect(insp.found[0].objective.sourceLayer.name).toBe('bn1');
    expect(insp.code?.name).toBe('relu7');
    expect(insp.hasLogits).toBe(true);
    expect(inspectorFor(model)).toBe(insp);
    model.dispose();
  });

  it('reads an imported-style Sequential model by class names alone', () => {
    const model = sequentialCnn();
    const insp = inspectorFor(model);
    expect(insp.found.map((f) => [f.kind, f.className, f.activation])).toEqual([
      ['conv', 'Conv2D', 'relu'],
      ['pool', 'MaxPooling2D', null],
      ['dense', 'Dense', 'relu'],
      ['dense', 'Dense', 'softmax'],
    ]);
    expect(insp.code?.kind).toBe('conv');
    model.dispose();
  });

  it('finds no conv layers in the MLP and uses its hidden layer as the code', () => {
    const model = buildModel('mlp');
    const insp = inspectorFor(model);
    expect(insp.found.map((f) => f.kind)).toEqual(['dense', 'dense']);
    expect(insp.code?.outputShape).toEqual([784]);
    model.dispose();
  });
});

describe('feature maps', () => {
  it('returns every map layer channel-first, with the probabilities, and matches the layers themselves', async () => {
    const model = tinyCnn();
    const insp = inspectorFor(model);
    const img = barImage();
    const r = await featureMaps(insp, img);
    expect(r.maps.map((m) => [m.layer, m.shape])).toEqual([
      ['r1', [2, 28, 28]],
      ['p1', [2, 14, 14]],
    ]);
    expect(r.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Channel 1 of the block output, computed directly, equals the returned map 1.
    const direct = tf.tidy(() => {
      const sub = tf.model({ inputs: model.inputs, outputs: insp.found[0].output });
      const y = sub.predict(tf.tensor4d(img, [1, 28, 28, 1])) as tf.Tensor;
      return tf.reshape(tf.slice(y, [0, 0, 0, 1], [1, 28, 28, 1]), [-1]);
    });
    const want = direct.dataSync();
    direct.dispose();
    const got = r.maps[0].data.subarray(784, 1568);
    for (let i = 0; i < 784; i += 37) expect(got[i]).toBeCloseTo(want[i], 5);
    const only = await featureMaps(insp, img, ['p1']);
    expect(only.maps.map((m) => m.layer)).toEqual(['p1']);
    await expect(featureMaps(insp, img, ['nope'])).rejects.toMatchObject({ code: 'bad-request' });
    await expect(featureMaps(insp, new Float32Array(5))).rejects.toMatchObject({ code: 'bad-request' });
    model.dispose();
  });

  it('shows hidden dense activations for a model without conv layers', async () => {
    const model = buildModel('mlp');
    const r = await featureMaps(inspectorFor(model), barImage());
    expect(r.maps.map((m) => m.shape)).toEqual([[784]]);
    model.dispose();
  });
});

describe('filters and weights', () => {
  it('returns conv kernels as [out, in, kh, kw]', async () => {
    const model = tinyCnn();
    const [f] = await convFilters(inspectorFor(model));
    expect(f.shape).toEqual([2, 1, 3, 3]);
    const k = model.getLayer('c1').getWeights()[0].arraySync() as number[][][][];
    // [kh][kw][in][out] → out*9 + kh*3 + kw
    expect(f.data[1 * 9 + 2 * 3 + 0]).toBeCloseTo(k[2][0][0][1], 6);
    expect(f.min).toBeLessThanOrEqual(f.max);
    model.dispose();
  });

  it('draws the single-layer model\'s weights as ten 28×28 templates', async () => {
    const model = buildModel('linear');
    const insp = inspectorFor(model);
    expect(await convFilters(insp)).toEqual([]);
    const w = (await denseWeights(insp))!;
    expect(w.shape).toEqual([10, 28, 28]);
    expect(w.isOutput).toBe(true);
    const k = model.getLayer('probs').getWeights()[0].arraySync() as number[][];
    expect(w.data[3 * 784 + 300]).toBeCloseTo(k[300][3], 6);
    model.dispose();
  });
});

describe('saliency', () => {
  it('equals the weight column of the class for a linear model (gradient), and input × weights (integrated)', async () => {
    const model = buildModel('linear');
    const insp = inspectorFor(model);
    const k = model.getLayer('probs').getWeights()[0].arraySync() as number[][];
    const img = barImage();
    const g = await saliency(insp, img, 'gradient', 7);
    expect(g.target).toBe(7);
    for (let i = 0; i < 784; i += 13) expect(g.saliency[i]).toBeCloseTo(k[i][7], 5);
    const ig = await saliency(insp, img, 'integrated', 7, 8);
    for (let i = 0; i < 784; i += 13) expect(ig.saliency[i]).toBeCloseTo(img[i] * k[i][7], 5);
    // Default target is the top class.
    const top = await saliency(insp, img, 'gradient');
    expect(top.target).toBe(top.probs.indexOf(Math.max(...top.probs)));
    await expect(saliency(insp, img, 'gradient', 12)).rejects.toMatchObject({ code: 'bad-request' });
    model.dispose();
  });
});

describe('noise', () => {
  it('is uniform in 0..1 and the same for the same seed', () => {
    const a = noiseImage(42);
    expect(Array.from(a)).toEqual(Array.from(noiseImage(42)));
    expect(Array.from(a)).not.toEqual(Array.from(noiseImage(43)));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const r = prng(1);
    expect(r()).not.toBe(r());
  });
});

describe('memory', () => {
  it('keeps the tensor count flat across repeated inspection calls', async () => {
    const model = tinyCnn();
    const insp = inspectorFor(model);
    const img = barImage();
    const run = async () => {
      await featureMaps(insp, img);
      await convFilters(insp);
      await saliency(insp, img, 'gradient');
      await saliency(insp, img, 'integrated', 3, 4);
    };
    await run();
    const before = tf.memory().numTensors;
    await run();
    await run();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
