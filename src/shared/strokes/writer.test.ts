import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { line } from './geometry';
import { MIN_STEP, penDown, sampleWriter, type Writer } from './writer';

const base: Writer = { device: 'touch', viewSize: 400, slant: 0, rotation: 0, aspect: 1, size: 0.7, speed: 600, rate: 120, wobble: 0, tremor: 0, pressure: 0.5 };
const stroke = [line([0.5, 0.05], [0.5, 0.95])];
const gaps = (pts: readonly { x: number; y: number }[]) => pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('penDown', () => {
  it('records what the canvas would: no two points closer than its minimum step', () => {
    const [pts] = penDown(stroke, { ...base, speed: 150, rate: 240, tremor: 0.3 }, rng(1));
    expect(Math.min(...gaps(pts))).toBeGreaterThanOrEqual(MIN_STEP);
  });

  it('spaces points by pen speed over event rate: a fast mouse at 60 Hz leaves few, far-apart points', () => {
    const [slow] = penDown(stroke, { ...base, speed: 200, rate: 240 }, rng(2));
    const [fast] = penDown(stroke, { ...base, speed: 1400, rate: 60 }, rng(2));
    expect(slow.length).toBeGreaterThan(4 * fast.length);
    expect(mean(gaps(fast))).toBeGreaterThan(8 * mean(gaps(slow)));
    // Slower at both ends of a stroke than in the middle.
    const g = gaps(penDown(stroke, { ...base, speed: 1400, rate: 240 }, rng(2))[0]);
    expect(g[Math.floor(g.length / 2)]).toBeGreaterThan(2 * g[1]);
  });

  it('keeps the digit height the writer uses, and gives pressure only to pens and whole pixels to mice', () => {
    const [touch] = penDown(stroke, base, rng(3));
    const ys = touch.map((p) => p.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.6 * 0.7 * 400);
    expect(touch.every((p) => p.pressure === undefined)).toBe(true);
    const [pen] = penDown(stroke, { ...base, device: 'pen' }, rng(3));
    expect(pen.every((p) => p.pressure! > 0 && p.pressure! <= 1)).toBe(true);
    const [mouse] = penDown(stroke, { ...base, device: 'mouse', tremor: 0.3 }, rng(3));
    expect(mouse.every((p) => Number.isInteger(p.x) && Number.isInteger(p.y))).toBe(true);
  });

  it('samples writers of every device with habits in their ranges', () => {
    const r = rng(9);
    const ws = Array.from({ length: 300 }, () => sampleWriter(r));
    expect(new Set(ws.map((w) => w.device))).toEqual(new Set(['mouse', 'touch', 'pen']));
    for (const w of ws) {
      expect(w.size).toBeGreaterThan(0.3);
      expect(w.size).toBeLessThan(0.9);
      expect(Math.abs(w.slant)).toBeLessThan(27);
    }
  });
});
