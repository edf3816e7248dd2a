import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel } from '../models/zoo';
import { tinyCnn } from '../testing/inspectModels';
import { dream, shift } from './dream';
import { inspectorFor } from './inspector';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const hooks = (over: Partial<Parameters<typeof dream>[2]> = {}) => {
  const progress: { step: number; objective: number; image: Float32Array }[] = [];
  return { progress, hooks: { onProgress: (p: (typeof progress)[number]) => progress.push(p), isCancelled: () => false, ...over } };
};

describe('gradient ascent ("what a filter wants")', () => {
  it('raises a class score of a linear model and reports the image as it goes', async () => {
    const model = buildModel('linear');
    const { progress, hooks: h } = hooks();
    const r = await dream(inspectorFor(model), { target: { kind: 'class', digit: 3 }, steps: 20, reportEvery: 5 }, h);
    expect(progress.map((p) => p.step)).toEqual([5, 10, 15, 20]);
    expect(progress[0].image).toHaveLength(784);
    expect(r.objective.at(-1)!).toBeGreaterThan(r.objective[0] + 1);
    expect(r.probs.indexOf(Math.max(...r.probs))).toBe(3);
    expect(Math.min(...r.image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.image)).toBeLessThanOrEqual(1);
    expect(r.stalled).toBe(false);
    model.dispose();
  });

  it('raises the mean activation of a conv filter', async () => {
    const model = tinyCnn();
    const r = await dream(inspectorFor(model), { target: { kind: 'filter', layer: 'r1', filter: 1 }, steps: 12 }, hooks().hooks);
    expect(r.objective.at(-1)!).toBeGreaterThan(r.objective[0]);
    model.dispose();
  });

  it('stops and says so when the objective becomes NaN', async () => {
    const model = buildModel('linear');
    const [k, b] = model.getLayer('probs').getWeights();
    model.getLayer('probs').setWeights([tf.fill(k.shape, NaN), b]);
    await expect(dream(inspectorFor(model), { target: { kind: 'class', digit: 0 }, steps: 5 }, hooks().hooks)).rejects.toMatchObject({ code: 'nan-loss' });
    model.dispose();
  });

  it('ends with `cancelled` when asked between steps, leaving no tensors behind', async () => {
    const model = buildModel('linear');
    const insp = inspectorFor(model);
    await dream(insp, { target: { kind: 'class', digit: 1 }, steps: 2 }, hooks().hooks);
    const before = tf.memory().numTensors;
    let n = 0;
    await expect(dream(insp, { target: { kind: 'class', digit: 1 }, steps: 50 }, hooks({ isCancelled: () => ++n >= 3 }).hooks)).rejects.toMatchObject({ code: 'cancelled' });
    expect(n).toBe(3);
    await dream(insp, { target: { kind: 'class', digit: 1 }, steps: 3 }, hooks().hooks);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects targets the model does not have', async () => {
    const model = tinyCnn();
    const insp = inspectorFor(model);
    await expect(dream(insp, { target: { kind: 'class', digit: 10 } }, hooks().hooks)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(dream(insp, { target: { kind: 'filter', layer: 'r1', filter: 2 } }, hooks().hooks)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(dream(insp, { target: { kind: 'filter', layer: 'p1', filter: 0 } }, hooks().hooks)).rejects.toMatchObject({ code: 'bad-request' });
    model.dispose();
  });

  it('jitters by moving the image, filling with black', () => {
    const y = tf.tidy(() => shift(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 1, -1));
    expect(Array.from(y.dataSync())).toEqual([0, 0, 2, 0]);
    y.dispose();
  });
});
