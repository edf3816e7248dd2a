import { describe, expect, it } from 'vitest';
import { MetricSeries, type CurvePoint } from '../train/series';
import { foldCurve, overlay, pushClock, secondsAt, type OverlayRun } from './overlay';

/** A run's curve as the train controller would store it: `batches` batches folded by MetricSeries into at most `cap` points. */
function series(batches: number, cap: number, loss: (b: number) => number): { curve: CurvePoint[]; bucket: number } {
  const s = new MetricSeries(cap);
  for (let b = 1; b <= batches; b++) s.push(b, loss(b), 1 - loss(b) / 3);
  return { curve: s.points(), bucket: s.bucketSize };
}

const run = (key: string, batches: number, cap: number, batchSize: number, extra: Partial<OverlayRun> = {}): OverlayRun => ({
  key,
  ...series(batches, cap, (b) => 2 / Math.sqrt(b)),
  batchSize,
  clock: [],
  wallTimeSec: batches / 10,
  ...extra,
});

describe('overlay', () => {
  it('places runs of different lengths, batch sizes and buckets by samples seen', () => {
    const a = run('a', 100, 400, 32); // 100 points of 1 batch
    const b = run('b', 900, 50, 128); // folded: bucket 32
    expect(a.bucket).toBe(1);
    expect(b.bucket).toBeGreaterThan(1);
    const rows = overlay([a, b], 'samples');
    // Sorted, unique x.
    for (let i = 1; i < rows.length; i++) expect(rows[i].x).toBeGreaterThan(rows[i - 1].x);
    const aRows = rows.filter((r) => 'a:loss' in r);
    const bRows = rows.filter((r) => 'b:loss' in r);
    expect(aRows).toHaveLength(a.curve.length);
    expect(bRows).toHaveLength(b.curve.length);
    // Each point sits at (its last batch) × (its batch size): a's end at 3,200 samples, b's at 115,200.
    expect(aRows.at(-1)!.x).toBe(100 * 32);
    expect(bRows.at(-1)!.x).toBe(900 * 128);
    expect(bRows.at(-1)!['b:loss']).toBe(b.curve.at(-1)!.lossEma);
    // Where both have a point (3,200 samples = a's batch 100 = b's batch 25 if b had it) they share a row.
    const shared = overlay([run('a', 8, 400, 128), run('c', 16, 400, 64)], 'samples');
    expect(shared.find((r) => r.x === 512)).toMatchObject({ 'a:loss': expect.any(Number), 'c:loss': expect.any(Number) });
  });

  it('places runs by seconds from their clocks, or spreads the total time evenly without one', () => {
    const timed = run('t', 10, 400, 32, { clock: [{ x: 2, t: 1 }, { x: 10, t: 3 }] });
    const untimed = run('u', 10, 400, 32, { wallTimeSec: 20 });
    const rows = overlay([timed, untimed], 'time');
    const t = rows.filter((r) => 't:acc' in r).map((r) => r.x);
    expect(t[0]).toBeCloseTo(0.5); // batch 1: before the first sample, proportional
    expect(t[5]).toBeCloseTo(2); // batch 6: halfway between (2, 1 s) and (10, 3 s)
    expect(t.at(-1)).toBe(3);
    const u = rows.filter((r) => 'u:acc' in r).map((r) => r.x);
    expect(u).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('folds long runs down, weighting each point by the batches it holds', () => {
    const curve: CurvePoint[] = [
      { x: 1, loss: 1, acc: 0, lossEma: 1, accEma: 0 },
      { x: 4, loss: 2, acc: 0.3, lossEma: 1.5, accEma: 0.2 }, // holds 3 batches
      { x: 5, loss: 3, acc: 0.5, lossEma: 2, accEma: 0.4 },
    ];
    const f = foldCurve(curve, 2);
    expect(f).toHaveLength(2);
    expect(f[0]).toEqual({ x: 4, loss: (1 + 2 * 3) / 4, acc: (0.3 * 3) / 4, lossEma: 1.5, accEma: 0.2 });
    expect(f[1]).toEqual(curve[2]);
    expect(foldCurve(curve, 10)).toEqual(curve);
    expect(overlay([run('long', 5000, 400, 32)], 'samples', 100).length).toBeLessThanOrEqual(100);
  });

  it('skips non-finite points and handles no runs', () => {
    const bad = run('b', 3, 400, 32);
    bad.curve = [...bad.curve, { x: 4, loss: NaN, acc: NaN, lossEma: NaN, accEma: NaN }];
    expect(overlay([bad], 'samples')).toHaveLength(3);
    expect(overlay([], 'time')).toEqual([]);
  });
});

describe('clock', () => {
  it('interpolates between samples and clamps at the ends', () => {
    const r = { clock: [{ x: 10, t: 5 }, { x: 20, t: 7 }, { x: 40, t: 11 }], wallTimeSec: 0, curve: [] };
    expect(secondsAt(r, 5)).toBeCloseTo(2.5);
    expect(secondsAt(r, 30)).toBeCloseTo(9);
    expect(secondsAt(r, 99)).toBe(11);
  });

  it('keeps increasing samples, at most `cap`, the newest always', () => {
    const c: { x: number; t: number }[] = [];
    for (let i = 1; i <= 1000; i++) pushClock(c, i, i / 10, 50);
    pushClock(c, 1000, 999);
    expect(c.length).toBeLessThanOrEqual(50);
    expect(c.at(-1)).toEqual({ x: 1000, t: 100 });
    for (let i = 1; i < c.length; i++) expect(c[i].x).toBeGreaterThan(c[i - 1].x);
  });
});
