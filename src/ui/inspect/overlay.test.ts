import { describe, expect, it } from 'vitest';
import { DIVERGING } from '../../shared/colormap';
import { overlayRgba } from './overlay';

describe('saliency overlay', () => {
  it('shows dimmed grey where saliency is zero and the full colour where it peaks', () => {
    const out = overlayRgba([1, 1, 0], [0, 2, -2], { min: -2, max: 2 });
    expect(Array.from(out.slice(0, 4))).toEqual([115, 115, 115, 255]);
    expect(Array.from(out.slice(4, 7))).toEqual(Array.from(DIVERGING.lut.slice(255 * 3, 255 * 3 + 3)));
    expect(Array.from(out.slice(8, 11))).toEqual(Array.from(DIVERGING.lut.slice(0, 3)));
  });

  it('is plain dimmed grey when all saliency is zero', () => {
    const out = overlayRgba([0.5], [0], { min: 0, max: 0 });
    expect(out[0]).toBe(57);
  });
});
