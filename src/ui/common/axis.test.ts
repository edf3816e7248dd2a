import { describe, expect, it } from 'vitest';
import { niceAxis } from './axis';

describe('niceAxis', () => {
  it('covers the range with round, evenly spaced ticks, no more than asked', () => {
    for (const [lo, hi, n] of [
      [0, 1, 5],
      [0, 2.31, 5],
      [0, 4301, 6],
      [0.9, 1, 6],
      [0, 17, 6],
      [0.3, 1, 6],
      [0, 123456, 6],
    ] as const) {
      const { domain, ticks } = niceAxis(lo, hi, n);
      expect(domain[0]).toBeLessThanOrEqual(lo);
      expect(domain[1]).toBeGreaterThanOrEqual(hi);
      expect(ticks[0]).toBe(domain[0]);
      expect(ticks.at(-1)).toBe(domain[1]);
      expect(ticks.length).toBeLessThanOrEqual(n + 1);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      const steps = ticks.slice(1).map((t, i) => t - ticks[i]);
      for (const s of steps) expect(s).toBeCloseTo(steps[0], 9);
      // 1, 2, 2.5 or 5 times a power of ten.
      const m = steps[0] / 10 ** Math.floor(Math.log10(steps[0]) + 1e-12);
      expect([1, 2, 2.5, 5].some((k) => Math.abs(m - k) < 1e-9)).toBe(true);
    }
  });

  it('gives a usable axis for an empty or flat range', () => {
    expect(niceAxis(0, 0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(niceAxis(NaN, NaN).ticks).toEqual([0, 1]);
  });
});
