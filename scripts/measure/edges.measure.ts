/**
 * Are the bright right and bottom edges of the last conv layer's maps (Look inside) in the
 * activations themselves? Mean relu7 activation per row and column over MNIST test digits,
 * shipped model, tfjs CPU backend (tfjs-layers' own conv, not ours):
 *   npx vitest run --config scripts/measure/vitest.config.ts edges
 */
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import * as tf from '../../src/worker/tf';
import { modelFromFiles } from '../../src/worker/storage/validate';

it('measures edge activations of the last conv layer', async () => {
  await tf.setBackend('cpu');
  const files = new Map([['model.weights.bin', readFileSync('public/models/default/model.weights.bin').buffer as ArrayBuffer]]);
  const model = await modelFromFiles(readFileSync('public/models/default/model.json', 'utf8'), files);
  const buf = readFileSync('public/data/mnist/test-00.bin');
  const n = 200;
  const x = tf.tensor4d(Float32Array.from(buf.subarray(0, n * 784), (v) => v / 255), [n, 28, 28, 1]);
  for (const name of ['relu4', 'relu7']) {
    const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
    const a = sub.predict(x) as tf.Tensor4D;
    const rows = (tf.mean(a, [0, 2, 3]).dataSync() as Float32Array);
    const cols = (tf.mean(a, [0, 1, 3]).dataSync() as Float32Array);
    console.log(name, a.shape.join('x'), 'mean by row', [...rows].map((v) => v.toFixed(3)).join(' '), '| by column', [...cols].map((v) => v.toFixed(3)).join(' '));
    a.dispose();
  }
  x.dispose();
  model.dispose();
});
