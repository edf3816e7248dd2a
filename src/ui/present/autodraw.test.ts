import { describe, expect, it } from 'vitest';
import { AutoDraw, drawDuration, drawnAt, strokeLength, type Pace } from './autodraw';
import { DIGIT_TEMPLATES, drawingAt, handwritten, resample, SHOW_ORDER } from './handwriting';
import type { Stroke } from '../../shared/preprocess';

const PACE: Pace = { speed: 1, penLiftMs: 100, holdMs: 1000 };
// Two strokes of length 0.5 each: 500 ms, a 100 ms lift, 500 ms.
const TWO: Stroke[] = [
  [{ x: 0, y: 0 }, { x: 0.5, y: 0 }],
  [{ x: 0, y: 1 }, { x: 0, y: 0.75 }, { x: 0, y: 0.5 }],
];

describe('drawnAt', () => {
  it('writes stroke by stroke with a pen lift between', () => {
    expect(drawDuration(TWO, PACE)).toBeCloseTo(1100);
    expect(drawnAt(TWO, 0, PACE)).toEqual([[{ x: 0, y: 0 }, { x: 0, y: 0 }]]);
    const half = drawnAt(TWO, 250, PACE);
    expect(half).toHaveLength(1);
    expect(half[0].at(-1)!.x).toBeCloseTo(0.25);
    // During the lift only the first stroke is on paper.
    expect(drawnAt(TWO, 550, PACE)).toEqual([TWO[0]]);
    const second = drawnAt(TWO, 600 + 375, PACE);
    expect(second).toHaveLength(2);
    expect(second[1]).toHaveLength(3);
    expect(second[1][2].y).toBeCloseTo(0.625);
    expect(drawnAt(TWO, 5000, PACE)).toEqual(TWO);
  });

  it('never writes more ink than the pace allows', () => {
    const strokes = handwritten(8, 3);
    for (const ms of [0, 120, 700, 1500, 2400]) {
      const ink = drawnAt(strokes, ms, PACE).reduce((a, s) => a + strokeLength(s), 0);
      expect(ink).toBeLessThanOrEqual((ms / 1000) * PACE.speed + 1e-9);
    }
  });
});

describe('AutoDraw', () => {
  const of = (i: number) => (i % 2 ? TWO.slice(0, 1) : TWO);

  it('draws, holds, then moves on by itself', () => {
    const a = new AutoDraw(of, 0, { pace: PACE, animate: true });
    expect(a.frame(300)).toMatchObject({ index: 0, phase: 'drawing' });
    expect(a.frame(1200)).toMatchObject({ index: 0, phase: 'showing' });
    expect(a.frame(2099)).toMatchObject({ index: 0, phase: 'showing' });
    expect(a.frame(2100)).toMatchObject({ index: 1, phase: 'drawing' });
    // Drawing 1 takes 500 ms + 1000 ms hold; a late frame catches up over it.
    expect(a.frame(2100 + 1500 + 10).index).toBe(2);
  });

  it('pauses the clock and resumes where it was', () => {
    const a = new AutoDraw(of, 0, { pace: PACE, animate: true });
    a.togglePause(250);
    expect(a.frame(60_000)).toMatchObject({ index: 0, phase: 'drawing', paused: true });
    expect(a.frame(60_000).strokes[0].at(-1)!.x).toBeCloseTo(0.25);
    a.togglePause(60_000);
    expect(a.frame(60_250).strokes[0].at(-1)!.x).toBeCloseTo(0.5);
    expect(a.frame(60_000 + 2100 - 250).index).toBe(1);
  });

  it('next and previous jump at once; while paused they show the drawing whole', () => {
    const a = new AutoDraw(of, 0, { pace: PACE, animate: true });
    a.step(1, 100);
    expect(a.frame(100)).toMatchObject({ index: 1, phase: 'drawing' });
    a.togglePause(200);
    a.step(-1, 300);
    expect(a.frame(5000)).toMatchObject({ index: 0, phase: 'showing', strokes: TWO, paused: true });
    a.step(-1, 400);
    expect(a.frame(400).index).toBe(-1);
    // Whole at every time, also where now − (now − total) rounds to just below total (about half of all times).
    const b = new AutoDraw((i) => handwritten(i % 10, i), 0, { pace: { speed: 0.9, penLiftMs: 300, holdMs: 1000 }, animate: true });
    b.togglePause(1);
    const phases = new Set<string>();
    for (let k = 0; k < 500; k++) {
      const t = 40_000.123 + k * 17.031;
      b.step(1, t);
      phases.add(b.frame(t + 5).phase);
    }
    expect([...phases]).toEqual(['showing']);
  });

  it('without animation shows each drawing whole and never advances by itself', () => {
    const a = new AutoDraw(of, 0, { pace: PACE, animate: false });
    expect(a.frame(0)).toMatchObject({ index: 0, phase: 'showing', strokes: TWO });
    expect(a.frame(1e9).index).toBe(0);
    a.togglePause(10);
    expect(a.paused).toBe(false);
    a.step(1, 20);
    expect(a.frame(20)).toMatchObject({ index: 1, phase: 'showing' });
  });
});

describe('handwriting', () => {
  it('has every digit, resampled densely, varied by seed and inside the square', () => {
    for (let d = 0; d <= 9; d++) {
      expect(DIGIT_TEMPLATES[d]).toBeDefined();
      const a = handwritten(d, 1);
      const b = handwritten(d, 2);
      expect(a).not.toEqual(b);
      for (const s of a) {
        for (let i = 1; i < s.length; i++) expect(Math.hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y)).toBeLessThanOrEqual(0.0121);
        for (const p of s) {
          expect(p.x).toBeGreaterThan(0.02);
          expect(p.x).toBeLessThan(0.98);
          expect(p.y).toBeGreaterThan(0.02);
          expect(p.y).toBeLessThan(0.98);
        }
      }
    }
    expect(resample([[{ x: 0, y: 0 }]])).toEqual([[{ x: 0, y: 0 }]]);
  });

  it('cycles through the built-in digits, then the user\u2019s samples, in both directions', () => {
    const samples = [{ label: 4, strokes: [[{ x: 0.2, y: 0.2 }, { x: 0.8, y: 0.8 }]] }];
    expect(Array.from({ length: 10 }, (_, i) => drawingAt(i, samples).label)).toEqual([...SHOW_ORDER]);
    expect(drawingAt(10, samples)).toMatchObject({ label: 4, source: 'sample' });
    expect(drawingAt(11, samples)).toMatchObject({ label: SHOW_ORDER[0], source: 'builtin' });
    expect(drawingAt(-1, samples)).toMatchObject({ label: 4, source: 'sample' });
    expect(drawingAt(-2, []).label).toBe(SHOW_ORDER[8]);
    // A second pass writes the same digit differently.
    expect(drawingAt(11, samples).strokes).not.toEqual(drawingAt(0, samples).strokes);
  });
});
