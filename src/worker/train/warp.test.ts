import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { affineRow, applyTransforms, augmentBatch, rng } from './augment';
import { applyThickness, applyWarp, elasticField, thicknessAmounts, warpSamples } from './warp';

await tf.setBackend('cpu');

/** A 28×28 image with a vertical bar (columns 12..15, rows 4..23), as [1,28,28,1]. */
function bar(): tf.Tensor4D {
  const px = new Float32Array(784);
  for (let y = 4; y < 24; y++) for (let x = 12; x < 16; x++) px[y * 28 + x] = 1;
  return tf.tensor4d(px, [1, 28, 28, 1]);
}
const ink = (t: tf.Tensor) => tf.sum(t).dataSync()[0];

describe('elastic warp and thickness (CPU backend)', () => {
  it('without a field, the gather resampler matches tf.image.transform', () => {
    const x = bar();
    const t = new Float32Array(affineRow(9, 1.05, 0.97, 1.5, -2));
    const ours = applyWarp(x, warpSamples(1, t, rng(1), { share: 0, alpha: 3, sigma: 4 }));
    const ref = applyTransforms(x, t);
    expect(tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('a field moves pixels by at most alpha and keeps the ink roughly the same', () => {
    const f = elasticField(rng(3), { share: 1, alpha: 3, sigma: 4 });
    const max = f.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    expect(max).toBeCloseTo(3, 4);
    // Smooth: neighbours differ by far less than the largest displacement.
    let step = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 27; x++) step = Math.max(step, Math.abs(f[y * 28 + x + 1] - f[y * 28 + x]));
    expect(step).toBeLessThan(1);
    const x = bar();
    const identity = new Float32Array(affineRow(0, 1, 1, 0, 0));
    const warped = applyWarp(x, warpSamples(1, identity, rng(3), { share: 1, alpha: 3, sigma: 4 }));
    expect(tf.max(tf.abs(tf.sub(warped, x))).dataSync()[0]).toBeGreaterThan(0.3);
    expect(ink(warped) / ink(x)).toBeGreaterThan(0.75);
    expect(ink(warped) / ink(x)).toBeLessThan(1.25);
  });

  it('share decides how many images get a field', () => {
    const identity = new Float32Array(40 * 8);
    for (let i = 0; i < 40; i++) identity.set(affineRow(0, 1, 1, 0, 0), i * 8);
    const s = warpSamples(40, identity, rng(5), { share: 0.5, alpha: 3, sigma: 4 });
    let moved = 0;
    for (let i = 0; i < 40; i++) {
      // An image without a field samples each pixel exactly: one neighbour with weight 1.
      const w = s.weight.subarray(i * 784 * 4, (i + 1) * 784 * 4);
      if (w.some((v) => v > 0 && v < 0.999)) moved++;
    }
    expect(moved).toBeGreaterThan(10);
    expect(moved).toBeLessThan(30);
  });

  it('thickness thickens with a positive amount and thins with a negative one', () => {
    const x = tf.concat([bar(), bar(), bar()]) as tf.Tensor4D;
    const out = applyThickness(x, new Float32Array([1, -1, 0]));
    const [thick, thin, same] = [0, 1, 2].map((i) => ink(tf.slice(out, [i, 0, 0, 0], [1, 28, 28, 1])));
    expect(thick).toBeGreaterThan(ink(bar()) * 1.3);
    expect(thin).toBeLessThan(ink(bar()) * 0.8);
    expect(same).toBeCloseTo(ink(bar()), 3);
    const amounts = thicknessAmounts(100, rng(2), 0.3);
    const chosen = amounts.filter((v) => v !== 0).length;
    expect(chosen).toBeGreaterThan(15);
    expect(chosen).toBeLessThan(45);
  });

  it('augmentBatch is deterministic for a seed and keeps values in 0..1', () => {
    const x = tf.concat([bar(), bar()]) as tf.Tensor4D;
    const a = augmentBatch(x, { elastic: 1, thickness: 1 }, rng(9));
    const b = augmentBatch(x, { elastic: 1, thickness: 1 }, rng(9));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(tf.min(a).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(a).dataSync()[0]).toBeLessThanOrEqual(1 + 1e-6);
  });
});
