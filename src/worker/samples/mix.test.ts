import { describe, expect, it } from 'vitest';
import { Cycler, MAX_REPLAY, ReplayMixer } from './mix';
import { rng } from '../train/augment';

describe('ReplayMixer', () => {
  it('puts half MNIST in each batch at 50%', () => {
    const m = new ReplayMixer(32, 0.5);
    for (let i = 0; i < 10; i++) expect(m.next()).toEqual({ user: 16, mnist: 16 });
  });

  it('keeps the running MNIST share within one image of the ratio, for awkward ratios', () => {
    for (const [batch, ratio] of [[32, 0.3], [20, 0.75], [48, 0.1], [7, 0.5], [64, 0.9], [32, 0]] as const) {
      const m = new ReplayMixer(batch, ratio);
      let mnist = 0;
      for (let step = 1; step <= 200; step++) {
        const b = m.next();
        expect(b.user + b.mnist).toBe(batch);
        expect(b.user).toBeGreaterThanOrEqual(1);
        mnist += b.mnist;
        expect(Math.abs(mnist - step * batch * ratio), `${batch} @ ${ratio}, step ${step}`).toBeLessThanOrEqual(1);
      }
      expect(mnist / (200 * batch)).toBeCloseTo(ratio, 2);
    }
  });

  it('alternates batch splits for a fractional share (0.3 of 32 = 9.6)', () => {
    const m = new ReplayMixer(32, 0.3);
    const counts = Array.from({ length: 5 }, () => m.next().mnist);
    expect(counts.every((c) => c === 9 || c === 10)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(48);
  });

  it('refuses ratios and batch sizes that make no sense', () => {
    expect(() => new ReplayMixer(32, -0.1)).toThrow(RangeError);
    expect(() => new ReplayMixer(32, MAX_REPLAY + 0.01)).toThrow(RangeError);
    expect(() => new ReplayMixer(32, NaN)).toThrow(RangeError);
    expect(() => new ReplayMixer(1, 0.5)).toThrow(RangeError);
  });
});

describe('Cycler', () => {
  it('shows every user image once per pass, in a new order each pass', () => {
    const c = new Cycler(10, rng(3));
    const first = Array.from(c.take(10));
    const second = Array.from(c.take(10));
    expect(first.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first).not.toEqual(second);
    // Batches larger than the pool wrap around.
    expect(new Cycler(3, rng(1)).take(7)).toHaveLength(7);
  });
});
