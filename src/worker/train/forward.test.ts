import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel, buildTwins as twins } from '../models/zoo';
import { batchNormTraining, trainingForward, usesFusedBatchNorm, usesOwnConv } from './forward';

/** Loss of a fixed batch through `forward`, and the gradient of every trainable weight. */
function lossAndGrads(model: tf.LayersModel, forward: (m: tf.LayersModel, x: tf.Tensor) => tf.Tensor, x: tf.Tensor, labels: tf.Tensor1D) {
  const f = () =>
    tf.tidy(() => {
      const probs = forward(model, x);
      const y = tf.cast(tf.oneHot(labels, 10), 'float32');
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(probs, 1e-7, 1))), -1))) as tf.Scalar;
    });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(f, vars);
  // In weight order: the two copies' variables have different unique names.
  const out = { loss: value.dataSync()[0], grads: vars.map((v) => Array.from(grads[v.name].dataSync())) };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

const layersForward = (m: tf.LayersModel, x: tf.Tensor) => m.apply(x, { training: true }) as tf.Tensor;

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  expect(worst).toBeLessThan(tol);
}

/** A model's non-trainable weights (the moving averages), flattened. */
const movingStats = (m: tf.LayersModel) => m.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));

describe('closed-form batch norm in training', () => {
  it('gives the default CNN the same loss, gradients and moving averages as the layers', () => {
    const x = tf.randomNormal([6, 28, 28, 1], 0.3, 1, 'float32', 7);
    const labels = tf.tensor1d([3, 1, 4, 1, 5, 9], 'int32');
    const [a, b] = twins('cnn', 5);
    expect(usesFusedBatchNorm(a)).toBe(true);
    expect(usesOwnConv(a)).toBe(true);
    const ref = lossAndGrads(a, layersForward, x, labels);
    const ours = lossAndGrads(b, trainingForward, x, labels);
    expect(ours.loss).toBeCloseTo(ref.loss, 5);
    expect(ours.grads.length).toBe(17);
    ref.grads.forEach((g, i) => expectClose(ours.grads[i], g, 2e-4));
    const sa = movingStats(a);
    const sb = movingStats(b);
    expect(sb.length).toBe(10);
    sa.forEach((s, i) => expectClose(sb[i], s, 1e-5));
    // And the averages did move.
    expect(sb[0].some((v) => v !== 0)).toBe(true);
    tf.dispose([x, labels]);
    a.dispose();
    b.dispose();
  });

  it('handles a batch norm with no ReLU after it, and matches autodiff of the textbook formula', () => {
    const x = tf.randomNormal([4, 5, 5, 3], 1, 2, 'float32', 3);
    const gamma = tf.tensor1d([0.5, -1.5, 2]);
    const beta = tf.tensor1d([0.1, 0, -0.3]);
    const dy = tf.randomNormal([4, 5, 5, 3], 0, 1, 'float32', 4);
    for (const relu of [false, true]) {
      const ours = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const r = batchNormTraining(x as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3, relu);
        tf.dispose([r.mean, r.variance]);
        return tf.sum(tf.mul(r.y, dy));
      })([x, gamma, beta]);
      const ref = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const m = tf.moments(x, [0, 1, 2]);
        let y = tf.add(tf.mul(tf.div(tf.sub(x, m.mean), tf.sqrt(tf.add(m.variance, 1e-3))), g), b);
        if (relu) y = tf.relu(y);
        return tf.sum(tf.mul(y, dy));
      })([x, gamma, beta]);
      ours.forEach((g, i) => expectClose(g.dataSync(), ref[i].dataSync(), 1e-4));
      tf.dispose([...ours, ...ref]);
    }
    tf.dispose([x, gamma, beta, dy]);
  });

  it('gives a model without batch norm (the Keras CNN: biases and ReLU) the same loss and gradients through its convolutions', () => {
    const x = tf.randomNormal([3, 28, 28, 1], 0.2, 1, 'float32', 11);
    const labels = tf.tensor1d([7, 0, 2], 'int32');
    const [a, b] = twins('keras-cnn', 4);
    expect(usesFusedBatchNorm(b)).toBe(false);
    expect(usesOwnConv(b)).toBe(true);
    const ref = lossAndGrads(a, layersForward, x, labels);
    const ours = lossAndGrads(b, trainingForward, x, labels);
    expect(ours.loss).toBeCloseTo(ref.loss, 5);
    ref.grads.forEach((g, i) => expectClose(ours.grads[i], g, 2e-4));
    tf.dispose([x, labels]);
    a.dispose();
    b.dispose();
  });

  it('leaves models it does not cover to model.apply: dense only, or not a chain', () => {
    const noBn = buildModel('mlp', 1);
    expect(usesFusedBatchNorm(noBn)).toBe(false);
    expect(usesOwnConv(noBn)).toBe(false);
    const input = tf.input({ shape: [28, 28, 1] });
    const c = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization().apply(c) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([bn, c]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(tf.layers.flatten().apply(sum) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const branchy = tf.model({ inputs: input, outputs: out });
    expect(usesFusedBatchNorm(branchy)).toBe(false);
    expect(usesOwnConv(branchy)).toBe(false);
    const x = tf.zeros([2, 28, 28, 1]);
    const y = trainingForward(branchy, x);
    expect(y.shape).toEqual([2, 10]);
    tf.dispose([x, y]);
    noBn.dispose();
    branchy.dispose();
  });

  it('leaks no tensors across training steps', () => {
    const model = buildModel('cnn', 2);
    const opt = tf.train.adam(1e-3);
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1);
    const labels = tf.tensor1d([0, 1], 'int32');
    const step = () =>
      opt.minimize(() => {
        const probs = trainingForward(model, x);
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, 10), tf.log(tf.clipByValue(probs, 1e-7, 1))), -1))) as tf.Scalar;
      }, true)!;
    step().dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step().dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, labels]);
    opt.dispose();
    model.dispose();
  });
});

describe('dropout in training', () => {
  /** Input → Dropout(0.5, seed 7): its output on ones is the mask (0 or 2). */
  const dropoutOnly = () => {
    const input = tf.input({ shape: [64] });
    return tf.model({ inputs: input, outputs: tf.layers.dropout({ rate: 0.5, seed: 7 }).apply(input) as tf.SymbolicTensor });
  };
  const mask = (t: tf.Tensor) => {
    const out = Array.from(t.dataSync());
    t.dispose();
    return out;
  };

  it("is needed because tfjs's seeded layer drops the same features every call", () => {
    const m = dropoutOnly();
    const x = tf.ones([8, 64]);
    expect(mask(m.apply(x, { training: true }) as tf.Tensor)).toEqual(mask(m.apply(x, { training: true }) as tf.Tensor));
  });

  it('draws a new mask for each seed, repeats one for the same seed, and keeps the layer its own seed', () => {
    const m = dropoutOnly();
    const x = tf.ones([8, 64]);
    const a = mask(trainingForward(m, x, 1));
    const b = mask(trainingForward(m, x, 2));
    expect(a).not.toEqual(b);
    expect(mask(trainingForward(m, x, 1))).toEqual(a);
    expect(m.layers[1].getConfig().seed).toBe(7);
    // Drops about half, scaled by 1 / keep.
    const dropped = [...a, ...b].filter((v) => v === 0).length / (a.length * 2);
    expect(dropped).toBeGreaterThan(0.4);
    expect(dropped).toBeLessThan(0.6);
    expect(new Set([...a, ...b])).toEqual(new Set([0, 2]));
  });

  it('changes the default CNN’s training output from batch to batch (the closed-form path)', () => {
    const m = buildModel('cnn', 3);
    expect(usesFusedBatchNorm(m)).toBe(true);
    const x = tf.randomNormal([4, 28, 28, 1], 0.3, 1, 'float32', 9);
    const a = mask(trainingForward(m, x, 11));
    expect(mask(trainingForward(m, x, 12))).not.toEqual(a);
    expect(mask(trainingForward(m, x, 11))).toEqual(a);
    x.dispose();
  });
});
