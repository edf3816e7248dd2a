import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel } from '../models/zoo';
import { imageInput, modelFromFiles, modelToFiles } from './validate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A one-layer dense model's files, written by hand: any input width, any number of classes. */
function denseFiles(inputs: number, classes: number): { json: string; bin: ArrayBuffer } {
  const json = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'fixture', layers: [{ class_name: 'Dense', config: { name: 'd', units: classes, activation: 'softmax', use_bias: true, batch_input_shape: [null, inputs], dtype: 'float32', trainable: true } }] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['./model.weights.bin'], weights: [{ name: 'd/kernel', shape: [inputs, classes], dtype: 'float32' }, { name: 'd/bias', shape: [classes], dtype: 'float32' }] }],
  };
  return { json: JSON.stringify(json), bin: new Float32Array(inputs * classes + classes).fill(0.01).buffer };
}

describe('model files: export then strict import', () => {
  it('round-trips a model exactly (same predictions)', async () => {
    const m = buildModel('mlp');
    const files = await modelToFiles(m);
    expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['./model.weights.bin']);
    const back = await modelFromFiles(files.modelJson, new Map([['model.weights.bin', files.weights]]));
    const x = tf.randomUniform([3, 28, 28, 1]);
    const a = (m.predict(x) as tf.Tensor).arraySync();
    const b = (back.predict(x) as tf.Tensor).arraySync();
    expect(b).toEqual(a);
  });

  it('names what is wrong: bad JSON, truncated or missing weights, wrong shapes, NaN', async () => {
    const m = buildModel('linear');
    const f = await modelToFiles(m);
    const ok = new Map([['model.weights.bin', f.weights]]);
    await expect(modelFromFiles(f.modelJson.slice(0, 100), ok)).rejects.toThrow(/not valid JSON/);
    await expect(modelFromFiles(f.modelJson, new Map([['model.weights.bin', f.weights.slice(0, 1000)]]))).rejects.toThrow(/holds 1000 bytes but model.json describes 31400/);
    await expect(modelFromFiles(f.modelJson, new Map())).rejects.toThrow(/model.weights.bin .* is missing/);
    const nan = f.weights.slice(0);
    new Float32Array(nan)[5] = NaN;
    await expect(modelFromFiles(f.modelJson, new Map([['model.weights.bin', nan]]))).rejects.toThrow(/NaN/);

    const wide = denseFiles(100, 10);
    await expect(modelFromFiles(wide.json, new Map([['model.weights.bin', wide.bin]]))).rejects.toThrow(/input shape \[null,100\] is not 28×28×1 or 784/);
    const many = denseFiles(784, 1000);
    await expect(modelFromFiles(many.json, new Map([['model.weights.bin', many.bin]]))).rejects.toThrow(/output shape \[null,1000\] is not 10 classes/);
    const good = denseFiles(784, 10);
    const model = await modelFromFiles(good.json, new Map([['model.weights.bin', good.bin]]));
    expect(model.outputs[0].shape).toEqual([null, 10]);
    // Evaluation feeds image batches: a flat model is seen through a reshape, with the same answers.
    const x = tf.randomUniform([2, 28, 28, 1]);
    const viaView = (imageInput(model).predict(x) as tf.Tensor).arraySync();
    expect(viaView).toEqual((model.predict(tf.reshape(x, [2, 784])) as tf.Tensor).arraySync());
  });
});
