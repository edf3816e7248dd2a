import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel } from './zoo';
import { predictProbs, warmUp } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predictProbs', () => {
  it('returns ten probabilities summing to 1', async () => {
    const model = buildModel('cnn');
    const p = await predictProbs(model, new Float32Array(784).fill(0.2));
    expect(p.length).toBe(10);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    model.dispose();
  });

  it('keeps the tensor count flat across 100 predictions', async () => {
    const model = buildModel('cnn');
    await warmUp(model);
    const before = tf.memory().numTensors;
    const img = new Float32Array(784);
    for (let i = 0; i < 100; i++) {
      img[(i * 37) % 784] = 1;
      await predictProbs(model, img);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('feeds flat-input models a 784-vector', async () => {
    const model = buildModel('mlp');
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    const p = await predictProbs(model, new Float32Array(784));
    expect(p.length).toBe(10);
    model.dispose();
  });
});
