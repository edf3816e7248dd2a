import { describe, expect, it } from 'vitest';
import { colorize, DIVERGING, formatValue, GRAY, lutIndex, MAGMA, makeColorMap, NAN_RGB, scaleRange, valueRange } from './colormap';

const rgbAt = (map: typeof MAGMA, i: number) => Array.from(map.lut.slice(i * 3, i * 3 + 3));

describe('colour maps', () => {
  it('interpolate between their stops', () => {
    const m = makeColorMap('t', 'sequential', [
      [0, '#000000'],
      [1, '#ff0080'],
    ]);
    expect(rgbAt(m, 0)).toEqual([0, 0, 0]);
    expect(rgbAt(m, 255)).toEqual([255, 0, 128]);
    expect(rgbAt(m, 128)[0]).toBeCloseTo(128, -1);
    expect(m.css).toContain('#ff0080 100%');
  });

  it('diverging: dark at zero, bright at both ends, brightness growing with |value|', () => {
    const lum = (i: number) => rgbAt(DIVERGING, i).reduce((a, b) => a + b, 0);
    expect(lum(128)).toBeLessThan(100);
    for (const i of [0, 40, 80, 110]) expect(lum(i)).toBeGreaterThan(lum(i + 15));
    for (const i of [140, 170, 200, 240]) expect(lum(i + 15)).toBeGreaterThan(lum(i));
    // Cold below zero, warm above.
    const [r0, , b0] = rgbAt(DIVERGING, 40);
    const [r1, , b1] = rgbAt(DIVERGING, 215);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
  });

  it('sequential magma runs from black to pale', () => {
    expect(rgbAt(MAGMA, 0)).toEqual([0, 0, 4]);
    expect(rgbAt(MAGMA, 255)).toEqual([252, 253, 191]);
  });
});

describe('value ranges', () => {
  it('skips NaN and infinities, and is {0,0} for nothing finite', () => {
    expect(valueRange([3, NaN, -2, Infinity, 1])).toEqual({ min: -2, max: 3 });
    expect(valueRange([NaN])).toEqual({ min: 0, max: 0 });
    expect(valueRange([5, 1, 9, 0], 1, 3)).toEqual({ min: 1, max: 9 });
  });

  it('makes diverging scales symmetric around zero', () => {
    expect(scaleRange({ min: -0.2, max: 0.5 }, 'diverging')).toEqual({ min: -0.5, max: 0.5 });
    expect(scaleRange({ min: 0.1, max: 0.5 }, 'sequential')).toEqual({ min: 0.1, max: 0.5 });
  });
});

describe('scaling values to colours', () => {
  it('maps the range ends and zero of a symmetric range', () => {
    expect(lutIndex(-1, -1, 1, 'diverging')).toBe(0);
    expect(lutIndex(0, -1, 1, 'diverging')).toBe(128);
    expect(lutIndex(1, -1, 1, 'diverging')).toBe(255);
    expect(lutIndex(5, -1, 1, 'diverging')).toBe(255);
    expect(lutIndex(-5, -1, 1, 'diverging')).toBe(0);
  });

  it('handles a constant image: middle for diverging, bottom for sequential', () => {
    expect(lutIndex(0, 0, 0, 'diverging')).toBe(128);
    expect(lutIndex(0, 0, 0, 'sequential')).toBe(0);
  });

  it('writes opaque RGBA, NaN in its own colour', () => {
    const out = new Uint8ClampedArray(3 * 4);
    colorize([0, 1, NaN], 0, 3, GRAY, { min: 0, max: 1 }, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 255, 255, 255, 255, 255, ...NAN_RGB, 255]);
    const at = new Uint8ClampedArray(4 * 4);
    colorize([9, 1], 1, 1, GRAY, { min: 0, max: 1 }, at, 2);
    expect(Array.from(at.slice(8, 12))).toEqual([255, 255, 255, 255]);
  });

  it('formats legend numbers briefly', () => {
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(12345)).toBe('1.2e+4');
    expect(formatValue(-2.5)).toBe('-2.5');
  });
});
