/** The map, "fool the network" and "switch filters off" on the CPU backend, with real MNIST test shards read from disk. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';
import { MnistData } from '../data/dataset';
import { state } from '../state';
import { buildModel } from '../models/zoo';
import { barImage, tinyCnn } from '../testing/inspectModels';
import { ablationCopy, applyMask, disposeAblationCopy } from './ablation';
import { attack } from './adversarial';
import { balancedPick, layout, mapLayerOf, nearest, place, placeMany } from './embedding';
import { inspectorFor } from './inspector';
import { moreInspectHandlers } from './moreHandlers';
import { rng } from '../../shared/rng';

const DATA = join(__dirname, '../../../public/data/mnist/');
const haveData = existsSync(join(DATA, 'manifest.json'));
const fromDisk = async (url: string) => new Response(readFileSync(join(DATA, url.slice(url.lastIndexOf('/') + 1))));
const info = (id: string): ModelInfo => ({ id, name: id, arch: 'cnn', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });
const argmax = (a: ArrayLike<number>) => Array.from(a).indexOf(Math.max(...Array.from(a)));

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (haveData) state.data = await MnistData.open('mem://mnist/', fromDisk);
});
afterAll(() => {
  state.data?.dispose();
  state.data = null;
  disposeAblationCopy();
});

describe('fool the network', () => {
  it('reaches a target on a tiny model, within its budget and never outside 0..1', async () => {
    const model = tinyCnn(3);
    const insp = inspectorFor(model);
    const img = barImage();
    const p0 = tf.tidy(() => (model.predict(tf.tensor4d(img, [1, 28, 28, 1])) as tf.Tensor).dataSync());
    const target = (argmax(p0) + 3) % 10;
    const r = await attack(insp, img, { target, budget: 1, steps: 200 });
    expect(r.reached).toBe(true);
    expect(argmax(r.probs)).toBe(target);
    expect(r.epsilon).toBeLessThanOrEqual(1);
    for (let i = 0; i < 784; i++) {
      expect(r.adversarial[i]).toBeGreaterThanOrEqual(0);
      expect(r.adversarial[i]).toBeLessThanOrEqual(1);
      expect(Math.abs(r.change[i])).toBeLessThanOrEqual(r.epsilon + 1e-5);
    }
    expect(r.linf).toBeGreaterThan(0);
    expect(r.l2).toBeGreaterThanOrEqual(r.linf);
    // A budget far too small does not reach it, and says so.
    const tiny = await attack(insp, img, { target, budget: 0.001, steps: 5 });
    expect(tiny.reached).toBe(false);
    expect(tiny.linf).toBeLessThanOrEqual(0.001 + 1e-6);
    await expect(attack(insp, img, { target: 12 })).rejects.toMatchObject({ code: 'bad-request' });
    model.dispose();
  });
});

describe('switch filters off', () => {
  it('equals the model with every filter on, changes it with some off, and never touches the model', async () => {
    const model = tinyCnn(5);
    const insp = inspectorFor(model);
    const block = insp.found[0];
    const weightsBefore = model.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.tensor4d(barImage(), [1, 28, 28, 1]);
    const want = (model.predict(x) as tf.Tensor).dataSync();
    const held = ablationCopy(model);
    applyMask(held, block, [0]);
    applyMask(held, block, []);
    const same = (held.copy.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < 10; i++) expect(same[i]).toBeCloseTo(want[i], 6);
    applyMask(held, block, [0, 1]);
    // Every filter of the only conv block off: the block outputs zeros, so the answer no longer depends on the image.
    const blank = (held.copy.predict(tf.zerosLike(x)) as tf.Tensor).dataSync();
    const off = (held.copy.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < 10; i++) expect(off[i]).toBeCloseTo(blank[i], 6);
    expect(Math.max(...Array.from(off, (v, i) => Math.abs(v - want[i])))).toBeGreaterThan(1e-4);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weightsBefore);
    expect(() => applyMask(held, block, [2])).toThrow(/no filter 3/);
    x.dispose();
    disposeAblationCopy();
    model.dispose();
  });
});

describe('the map', () => {
  it('picks a balanced, seeded set of digits', () => {
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);
    const a = balancedPick(labels, 20, 4);
    expect(a).toHaveLength(200);
    expect(new Set(a).size).toBe(200);
    for (let d = 0; d < 10; d++) expect(a.filter((i) => labels[i] === d)).toHaveLength(20);
    expect(balancedPick(labels, 20, 4)).toEqual(a);
    expect(balancedPick(labels, 20, 5)).not.toEqual(a);
  });

  it('maps the layer before the answer, and says why a model without one cannot be mapped', () => {
    const cnn = buildModel('cnn');
    const m = mapLayerOf(cnn);
    expect('why' in m ? m.why : m.dims).toBeGreaterThan(2);
    const lin = buildModel('linear');
    expect(mapLayerOf(lin)).toMatchObject({ why: expect.stringMatching(/no hidden layer/) });
    const mlp = buildModel('mlp');
    expect(mapLayerOf(mlp)).toMatchObject({ dims: 784 });
    [cnn, lin, mlp].forEach((x) => x.dispose());
  });

  it('finds exact neighbours and lays points out the same way for the same seed', async () => {
    const next = rng(9);
    const n = 120;
    const dims = 6;
    // Three clusters.
    const f = Float32Array.from({ length: n * dims }, (_, k) => Math.floor(k / dims) % 3 * 5 + next());
    const knn = await nearest(f, n, dims, 10, () => undefined, () => undefined);
    const d = (i: number, j: number) => Math.hypot(...Array.from({ length: dims }, (_, q) => f[i * dims + q] - f[j * dims + q]));
    const brute = Array.from({ length: n }, (_, j) => j).filter((j) => j !== 7).sort((a, b) => d(7, a) - d(7, b)).slice(0, 9);
    expect(knn.indices[7][0]).toBe(7);
    expect(knn.indices[7].slice(1)).toEqual(brute);
    const a = await layout(f, n, dims, knn, 3, 50, () => undefined, () => undefined);
    const b = await layout(f, n, dims, knn, 3, 50, () => undefined, () => undefined);
    const c = await layout(f, n, dims, knn, 4, 50, () => undefined, () => undefined);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    // A point placed at a mapped point's own features lands beside it.
    const at = place(f.subarray(5 * dims, 6 * dims), f, a, dims);
    expect(at.neighbours[0]).toBe(5);
    // A batch (the user's saved samples) lands where each would alone, the same way every time.
    const batch = Float32Array.from({ length: 4 * dims }, (_, k) => (Math.floor(k / dims) % 3) * 5 + 0.5);
    const many = placeMany(batch, 4, f, a, dims);
    expect(many).toHaveLength(8);
    for (let i = 0; i < 4; i++) {
      const one = place(batch.subarray(i * dims, (i + 1) * dims), f, a, dims);
      expect([many[i * 2], many[i * 2 + 1]]).toEqual([Math.fround(one.x), Math.fround(one.y)]);
    }
    expect(Array.from(placeMany(batch, 4, f, a, dims))).toEqual(Array.from(many));
    // Rows from different clusters land apart; rows from the same cluster (0 and 3) at the same spot.
    expect(Math.hypot(many[0] - many[2], many[1] - many[3])).toBeGreaterThan(0.05);
    expect([many[6], many[7]]).toEqual([many[0], many[1]]);
  });
});

describe.skipIf(!haveData)('handlers: tensor count stays flat across 50 uses', () => {
  it('map (with a drawing placed), attack and ablation', async () => {
    state.model = tinyCnn(7);
    state.info = info('tiny');
    state.backend = 'cpu';
    const img = barImage();
    const use = {
      map: async () => {
        const r = await moreInspectHandlers.embedding({ count: 100, epochs: 10, seed: 2 }, () => undefined);
        expect(r.unfit).toBeNull();
        expect(r.points).toHaveLength(200);
        const p = await moreInspectHandlers.embeddingPoint({ image: img });
        expect(p.mapped).toBe(true);
        const s = await moreInspectHandlers.embeddingSamples({ images: Float32Array.from({ length: 3 * 784 }, (_, k) => img[k % 784] * (1 - Math.floor(k / 784) * 0.3)) });
        expect(s.mapped).toBe(true);
        expect(s.points).toHaveLength(6);
        expect(s.preds).toHaveLength(3);
        // The first sample is the drawing itself: it lands where the drawing does.
        expect(s.points[0]).toBeCloseTo(p.x, 5);
        expect(s.points[1]).toBeCloseTo(p.y, 5);
      },
      attack: async () => {
        await moreInspectHandlers.adversarial({ image: img, target: 3, budget: 0.2, steps: 3 }, () => undefined);
      },
      ablation: async () => {
        const r = await moreInspectHandlers.ablation({ layer: 'r1', off: [1], image: img, testCount: 20 });
        expect(r.accuracy).not.toBeNull();
      },
    };
    for (const [name, fn] of Object.entries(use)) {
      await fn();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) await fn();
      expect(tf.memory().numTensors, name).toBe(before);
    }
    // A map made from scratch (a new seed) leaves no tensor behind either.
    const before = tf.memory().numTensors;
    expect((await moreInspectHandlers.embedding({ count: 100, epochs: 10, seed: 5 }, () => undefined)).cached).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    // A map is cached per model version, and a model without a hidden layer gets a reason instead of a map.
    expect((await moreInspectHandlers.embedding({ count: 100, epochs: 10, seed: 2 }, () => undefined)).cached).toBe(true);
    state.model.dispose();
    state.model = buildModel('linear');
    state.info = info('lin');
    expect((await moreInspectHandlers.embedding({}, () => undefined)).unfit).toMatch(/no hidden layer/);
    await expect(moreInspectHandlers.ablation({ layer: 'nope', off: [] })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(moreInspectHandlers.embeddingSamples({ images: new Float32Array(100) })).rejects.toMatchObject({ code: 'bad-request' });
    // No map of this model yet: the page is told to make one.
    expect((await moreInspectHandlers.embeddingSamples({ images: new Float32Array(784) })).mapped).toBe(false);
    state.model.dispose();
    state.model = null;
  }, 120_000);

  it('a new model cancels a map being computed', async () => {
    state.model = tinyCnn(8);
    state.info = info('a');
    const running = moreInspectHandlers.embedding({ count: 100, epochs: 500, seed: 3 }, (p) => {
      if (p.stage === 'layout' && p.done >= 20) state.model = tinyCnn(9);
    });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    state.model.dispose();
    state.model = null;
  }, 60_000);
});
