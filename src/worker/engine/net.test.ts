/**
 * The plain-JS engine against tfjs (CPU backend): the final output and every
 * layer's output, for the shipped model, each zoo architecture and a model of
 * the other layer types an imported model may have. Batch norm's statistics
 * are randomised so folding it into the conv is really tested, and inputs are
 * both ink-like (mostly zeros) and dense noise.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { ARCH_IDS, buildModel } from '../models/zoo';
import { rng } from '../../shared/rng';
import { modelFromFiles, parseModelJson } from '../storage/validate';
import { randomizeBatchNorm } from '../testing/fixtures';
import { describeJson, describeModel, weightsByName } from './describe';
import { PlainNet, Unsupported } from './net';

const SHIPPED = join(import.meta.dirname, '../../../public/models/default');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three 28×28 images: a ring of ink on black, dense noise, a bar with negative values around it. */
function images(): Float32Array[] {
  const r = rng(7);
  const ring = new Float32Array(784).map((_, i) => {
    const d = Math.hypot((i % 28) - 14, Math.floor(i / 28) - 13);
    return d > 6 && d < 9 ? 1 - Math.abs(d - 7.5) / 2 : 0;
  });
  const noise = new Float32Array(784).map(() => r());
  const bar = new Float32Array(784).map((_, i) => (i % 28 > 12 && i % 28 < 16 ? 0.9 : -0.1 * r()));
  return [ring, noise, bar];
}

/** Every layer's output from tfjs for one image, by layer name (the input layer excluded). */
function tfjsOutputs(model: tf.LayersModel, image: Float32Array): Map<string, Float32Array> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
  const outs = tf.tidy(() => {
    const x = tf.reshape(tf.tensor(image), [1, ...(model.inputs[0].shape.slice(1) as number[])]);
    const y = probe.predict(x) as tf.Tensor | tf.Tensor[];
    return Array.isArray(y) ? y : [y];
  });
  const values = new Map(outs.map((t, i) => [layers[i].name, t.dataSync() as Float32Array]));
  tf.dispose(outs);
  return values;
}

/** Largest difference between the engine's and tfjs's outputs over all layers the engine computes, relative to each layer's scale. */
function compare(model: tf.LayersModel, net: PlainNet, image: Float32Array): { worst: number; layers: string[] } {
  const want = tfjsOutputs(model, image);
  const got = net.run(image);
  let worst = 0;
  const seen: string[] = [];
  for (const [name, values] of got.activations) {
    const ref = want.get(name);
    if (!ref) continue;
    expect(values.length, name).toBe(ref.length);
    const scale = Math.max(1, ...Array.from(ref, Math.abs));
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(values[i] - ref[i]) / scale);
    seen.push(name);
  }
  const out = model.outputs[0].sourceLayer.name;
  expect(Array.from(got.output)).toEqual(Array.from(got.activations.get(out)!));
  return { worst, layers: seen };
}

async function shipped(): Promise<{ model: tf.LayersModel; json: string; bytes: ArrayBuffer }> {
  const json = await readFile(join(SHIPPED, 'model.json'), 'utf8');
  const buf = await readFile(join(SHIPPED, 'model.weights.bin'));
  const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return { model: await modelFromFiles(json, new Map([['model.weights.bin', bytes]])), json, bytes };
}

describe('the plain-JS engine', () => {
  it('gives the shipped model’s outputs and every layer’s output, from the model and from model.json alone', async () => {
    const { model, json, bytes } = await shipped();
    const net = PlainNet.compile(await describeModel(model));
    const { topology, groups } = parseModelJson(json);
    const fromJson = PlainNet.compile(describeJson(topology, weightsByName(groups.flatMap((g) => g.weights), bytes)));
    // Five 3×3 convs at 28/14/14/7/7 px (16, 32, 32, 64, 64 filters) and a 576→10 dense layer.
    expect(net.macs).toBe(28 * 28 * 16 * 9 + 14 * 14 * 32 * 9 * (16 + 32) + 7 * 7 * 64 * 9 * (32 + 64) + 576 * 10);
    expect(net.outputSize).toBe(10);
    for (const image of images()) {
      const { worst, layers } = compare(model, net, image);
      expect(worst).toBeLessThan(1e-5);
      // Batch norm folds into each conv: its output stands for the conv block; everything else is compared.
      expect(layers).toEqual(['bn1', 'relu1', 'pool2', 'bn3', 'relu3', 'bn4', 'relu4', 'pool5', 'bn6', 'relu6', 'bn7', 'relu7', 'pool8', 'flatten9', 'dropout10', 'probs']);
      expect(Array.from(fromJson.predict(image))).toEqual(Array.from(net.predict(image)));
    }
    model.dispose();
  });

  it.each(ARCH_IDS)('gives the %s architecture’s outputs and every layer’s output (batch norm randomised)', async (arch) => {
    const model = buildModel(arch, 3);
    randomizeBatchNorm(model, 11);
    const net = PlainNet.compile(await describeModel(model));
    for (const image of images()) {
      const { worst, layers } = compare(model, net, image);
      expect(worst).toBeLessThan(1e-5);
      const compared = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && !(l.getClassName() === 'Conv2D' && model.layers.some((b) => b.getClassName() === 'BatchNormalization' && b.inboundNodes[0].inboundLayers[0] === l)));
      expect(layers).toEqual(compared.map((l) => l.name));
    }
    model.dispose();
  });

  it('runs the other layer types an imported model may have: strides, valid padding, average pooling, a batch norm it cannot fold, activation layers, a Sequential model on 784 values', async () => {
    const seq = tf.sequential({
      layers: [
        tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }),
        tf.layers.conv2d({ filters: 6, kernelSize: [5, 3], strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }),
        tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        tf.layers.batchNormalization(),
        tf.layers.conv2d({ filters: 8, kernelSize: 2, padding: 'valid', useBias: true, biasInitializer: 'randomNormal' }),
        tf.layers.activation({ activation: 'tanh' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'sigmoid' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'valid' }),
        tf.layers.reLU({ maxValue: 6 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 10 }),
        tf.layers.softmax(),
      ],
    });
    randomizeBatchNorm(seq, 5);
    const net = PlainNet.compile(await describeModel(seq));
    for (const image of images()) {
      const { worst, layers } = compare(seq, net, image);
      expect(worst).toBeLessThan(1e-5);
      expect(layers.length).toBe(seq.layers.length);
    }
    seq.dispose();
  });

  it('refuses a model with a layer it does not know, naming the layer (the caller falls back to tfjs)', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'left' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'right' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'merge' }).apply([a, b]) as tf.SymbolicTensor;
    const branched = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10 }).apply(tf.layers.flatten().apply(sum)) as tf.SymbolicTensor });
    await expect(describeModel(branched).then(PlainNet.compile)).rejects.toThrow(/merge/);
    const elu = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'elu', name: 'odd' })] });
    const err = await describeModel(elu).then(PlainNet.compile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unsupported);
    expect((err as Error).message).toMatch(/odd.*elu/);
    branched.dispose();
    elu.dispose();
  });

  it('answers one image several times quicker than tfjs’s CPU backend (same run, fastest of several tries each)', async () => {
    const { model } = await shipped();
    const net = PlainNet.compile(await describeModel(model));
    const [ring] = images();
    const x = tf.tensor4d(ring, [1, 28, 28, 1]);
    const fastest = (run: () => unknown) => {
      let best = Infinity;
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        run();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const js = fastest(() => net.run(ring));
    const tfjs = fastest(() => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
    // Measured 3.6–6 ms against 13–25 ms under load; the ratio holds when the machine is busy, a fixed time does not.
    expect(js * 2).toBeLessThan(tfjs);
    x.dispose();
    model.dispose();
  });
});
