/** The bars' lengths: steps under a pixel, so a live answer leaves alone the bars that do not visibly change. */
import { describe, expect, it } from 'vitest';
import { barScale } from './Probabilities';

describe('barScale', () => {
  it('rounds to steps of 0.2%, clamped to 0..1', () => {
    expect(barScale(0.5)).toBe(0.5);
    expect(barScale(0.1234)).toBe(0.124);
    expect(barScale(-0.1)).toBe(0);
    expect(barScale(1.3)).toBe(1);
  });

  it('keeps near-zero bars at exactly 0 and small moves at the same length (no repaint)', () => {
    for (const p of [0, 1e-6, 3e-4, 9e-4]) expect(barScale(p)).toBe(0);
    expect(barScale(0.4203)).toBe(barScale(0.4208));
  });
});
