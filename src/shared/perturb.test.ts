import { describe, expect, it } from 'vitest';
import { NO_PERTURBATION, perturb } from './perturb';

/** A 28×28 vertical bar, columns 12..15, rows 5..22. */
function bar(): Float32Array {
  const img = new Float32Array(784);
  for (let r = 5; r < 23; r++) for (let c = 12; c < 16; c++) img[r * 28 + c] = 1;
  return img;
}
const ink = (img: Float32Array) => img.reduce((a, b) => a + b, 0);

describe('perturb', () => {
  it('leaves the image alone with nothing set', () => {
    expect(Array.from(perturb(bar(), NO_PERTURBATION))).toEqual(Array.from(bar()));
  });

  it('thickens and thins strokes', () => {
    expect(ink(perturb(bar(), { ...NO_PERTURBATION, thickness: 1 }))).toBe(6 * 20);
    expect(ink(perturb(bar(), { ...NO_PERTURBATION, thickness: -1 }))).toBe(2 * 16);
    const half = ink(perturb(bar(), { ...NO_PERTURBATION, thickness: 0.5 }));
    expect(half).toBeGreaterThan(ink(bar()));
    expect(half).toBeLessThan(120);
  });

  it('shifts by whole pixels exactly and turns a vertical bar to a horizontal one', () => {
    const moved = perturb(bar(), { ...NO_PERTURBATION, shiftX: 3, shiftY: -2 });
    expect(moved[3 * 28 + 15]).toBe(1);
    expect(moved[3 * 28 + 14]).toBe(0);
    const turned = perturb(bar(), { ...NO_PERTURBATION, rotation: 90 });
    // The middle row is now inked across, the top of the old bar is empty.
    expect(turned[13 * 28 + 6] + turned[14 * 28 + 6]).toBeGreaterThan(0.9);
    expect(turned[6 * 28 + 13] + turned[6 * 28 + 14]).toBeLessThan(0.1);
  });

  it('blurs (keeping most ink), adds seeded noise and stays in 0..1', () => {
    const b = perturb(bar(), { ...NO_PERTURBATION, blur: 1 });
    expect(b[14 * 28 + 11]).toBeGreaterThan(0.1);
    expect(ink(b)).toBeCloseTo(ink(bar()), -1);
    const n1 = perturb(bar(), { ...NO_PERTURBATION, noise: 0.4 }, 7);
    const n2 = perturb(bar(), { ...NO_PERTURBATION, noise: 0.4 }, 7);
    expect(Array.from(n1)).toEqual(Array.from(n2));
    expect(n1.some((v, i) => v !== bar()[i])).toBe(true);
    const all = perturb(bar(), { noise: 1, blur: 2, rotation: 33, thickness: 2, shiftX: 1.5, shiftY: 2 }, 3);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThanOrEqual(1);
  });
});
