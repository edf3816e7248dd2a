/**
 * ONNX export checked by a real runtime: every zoo architecture and the
 * shipped model, exported, run in onnxruntime-web (WASM, in Node) and compared
 * with tfjs on the CPU backend on the same 100 MNIST test images.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import * as tf from '../tf';
import { ARCH_IDS, buildModel, ZOO } from '../models/zoo';
import { SHARDS_DIR, randomizeBatchNorm } from '../testing/fixtures';
import { modelFromFiles } from './validate';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { exportOnnx, INPUT, OnnxExportError, onnx, OPSET, OUTPUT } from './onnx';

const N = 100;
const SHIPPED = join(import.meta.dirname, '../../../public/models/default');
let images: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
  // The first 100 images of the MNIST test set (the shard layout: N×784 uint8 pixels, then labels).
  const bytes = await readFile(join(SHARDS_DIR, 'test-00.bin'));
  images = Float32Array.from(bytes.subarray(0, N * 784), (b) => b / 255);
});

/** Largest |tfjs − onnxruntime| over the 100 images' outputs, and the outputs. */
async function compare(model: tf.LayersModel, bytes: Uint8Array): Promise<{ maxDiff: number; ort: Float32Array; tfjs: Float32Array }> {
  const expected = tf.tidy(() => (model.predict(tf.reshape(tf.tensor4d(images, [N, 28, 28, 1]), [N, ...(model.inputs[0].shape.slice(1) as number[])])) as tf.Tensor).dataSync() as Float32Array);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const out = await session.run({ [INPUT]: new ort.Tensor('float32', images, [N, 28, 28, 1]) });
    const got = out[OUTPUT].data as Float32Array;
    expect(out[OUTPUT].dims).toEqual([N, 10]);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
    return { maxDiff, ort: got, tfjs: expected };
  } finally {
    await session.release();
  }
}

const argmax = (p: Float32Array, i: number) => {
  let best = 0;
  for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
  return best;
};

describe('ONNX export runs in onnxruntime and agrees with tfjs', () => {
  for (const arch of ARCH_IDS) {
    it(`zoo architecture ${arch}`, async () => {
      const model = buildModel(arch, 3);
      randomizeBatchNorm(model, 11);
      try {
        const bytes = exportOnnx(model, { name: ZOO[arch].name, arch });
        const { maxDiff } = await compare(model, bytes);
        console.log(`[onnx] ${arch}: max |tfjs − onnxruntime| = ${maxDiff.toExponential(2)}, ${bytes.byteLength} bytes`);
        expect(maxDiff).toBeLessThanOrEqual(1e-4);
        // Batch norm is folded into the conv before it: no BatchNormalization node is left.
        const decoded = onnx.ModelProto.decode(bytes);
        expect(decoded.graph!.node!.some((n) => n.opType === 'BatchNormalization')).toBe(false);
      } finally {
        model.dispose();
      }
    });
  }

  it('the shipped model, with its trained weights: same answers on all 100 images', async () => {
    const text = await readFile(join(SHIPPED, 'model.json'), 'utf8');
    const weights = await readFile(join(SHIPPED, 'model.weights.bin'));
    const model = await modelFromFiles(text, new Map([['model.weights.bin', weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)]]));
    try {
      const bytes = exportOnnx(model, { name: 'Digit Lab CNN (shipped)', arch: 'cnn' });
      const { maxDiff, ort: got, tfjs } = await compare(model, bytes);
      console.log(`[onnx] shipped: max |tfjs − onnxruntime| = ${maxDiff.toExponential(2)}, ${bytes.byteLength} bytes`);
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
      for (let i = 0; i < N; i++) expect(argmax(got, i)).toBe(argmax(tfjs, i));
      const labels = (await readFile(join(SHARDS_DIR, 'test-00.bin'))).subarray(5000 * 784, 5000 * 784 + N);
      const right = Array.from({ length: N }, (_, i) => argmax(got, i) === labels[i]).filter(Boolean).length;
      expect(right).toBeGreaterThanOrEqual(97);
    } finally {
      model.dispose();
    }
  });

  it('describes itself: opset, input/output names and shapes, the doc string', async () => {
    const model = buildModel('linear', 1);
    const decoded = onnx.ModelProto.decode(exportOnnx(model, { name: 'Tiny', arch: 'linear', metadata: { test_accuracy: '0.9' } }));
    model.dispose();
    expect(Number(decoded.opsetImport[0].version)).toBeGreaterThanOrEqual(13);
    expect(Number(decoded.opsetImport[0].version)).toBe(OPSET);
    const dims = (v: OnnxTypes.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d: OnnxTypes.TensorShapeProto.IDimension) => d.dimParam || Number(d.dimValue));
    expect(decoded.graph!.input!.map((i) => i.name)).toEqual([INPUT]);
    expect(dims(decoded.graph!.input![0])).toEqual(['N', 28, 28, 1]);
    expect(decoded.graph!.output!.map((o) => o.name)).toEqual([OUTPUT]);
    expect(dims(decoded.graph!.output![0])).toEqual(['N', 10]);
    expect(decoded.docString).toMatch(/\[N, 28, 28, 1\].*0\.\.1/);
    expect(decoded.docString).toMatch(/probability of each digit/);
    expect(decoded.metadataProps.map((p) => [p.key, p.value])).toEqual([['test_accuracy', '0.9']]);
  });
});

describe('imported models made of the same layer kinds', () => {
  it('784-input MLP, batch norm after a dense layer (kept as BatchNormalization), separate activation and softmax layers, valid padding, a reshape', async () => {
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const model = tf.sequential({
      layers: [
        tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1] }),
        tf.layers.conv2d({ filters: 4, kernelSize: 5, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: init(1) }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        tf.layers.batchNormalization({}),
        tf.layers.flatten(),
        tf.layers.dense({ units: 16, kernelInitializer: init(2) }),
        tf.layers.batchNormalization({}),
        tf.layers.activation({ activation: 'tanh' }),
        tf.layers.dense({ units: 10, kernelInitializer: init(3) }),
        tf.layers.softmax(),
      ],
    });
    randomizeBatchNorm(model, 5);
    try {
      const bytes = exportOnnx(model, { name: 'Imported', arch: 'imported' });
      const { maxDiff } = await compare(model, bytes);
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
      const ops = onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType);
      expect(ops.filter((o) => o === 'BatchNormalization')).toHaveLength(2);
    } finally {
      model.dispose();
    }
  });

  it('a layer it cannot export is named in the error', () => {
    const model = tf.sequential({
      layers: [tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 2, name: 'smooth_pool' }), tf.layers.flatten(), tf.layers.dense({ units: 10, activation: 'softmax' })],
    });
    try {
      expect(() => exportOnnx(model, { name: 'x', arch: 'imported' })).toThrow(OnnxExportError);
      expect(() => exportOnnx(model, { name: 'x', arch: 'imported' })).toThrow(/“smooth_pool” \(AveragePooling2D\)/);
    } finally {
      model.dispose();
    }
  });

  it('an activation it cannot export is named with its layer', () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'elu', name: 'head' })] });
    try {
      expect(() => exportOnnx(model, { name: 'x', arch: 'imported' })).toThrow(/“head” \(Dense\).*“elu”/);
    } finally {
      model.dispose();
    }
  });
});
