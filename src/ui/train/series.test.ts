import { describe, expect, it } from 'vitest';
import { Ema, MetricSeries, chartAxes, mergeSeries } from './series';

describe('Ema', () => {
  it('is debiased: the first value is itself, a constant stays constant', () => {
    const e = new Ema(0.9);
    expect(e.push(2)).toBeCloseTo(2);
    expect(e.push(2)).toBeCloseTo(2);
    expect(e.push(0)).toBeLessThan(2);
  });
});

describe('MetricSeries', () => {
  it('keeps every point while under the cap', () => {
    const s = new MetricSeries(10);
    for (let i = 1; i <= 9; i++) s.push(i, i, 0.5);
    expect(s.points().map((p) => p.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.points()[0].loss).toBe(1);
  });

  it('never holds more than cap + 1 points, however long the run, and keeps means exact', () => {
    const s = new MetricSeries(8);
    let sum = 0;
    for (let i = 1; i <= 10_000; i++) {
      s.push(i, i % 7, 1);
      sum += i % 7;
      expect(s.length).toBeLessThanOrEqual(9);
    }
    const pts = s.points();
    expect(pts.at(-1)!.x).toBe(10_000);
    // Bucket means weighted by bucket size add back up to the raw total.
    let covered = 0;
    let total = 0;
    let prev = 0;
    for (const p of pts) {
      total += p.loss * (p.x - prev);
      covered += p.x - prev;
      prev = p.x;
    }
    expect(covered).toBe(10_000);
    expect(total).toBeCloseTo(sum, 6);
    expect(s.bucketSize).toBeGreaterThan(1);
  });

  it('x stays increasing after merges, and skips non-finite values', () => {
    const s = new MetricSeries(4);
    for (let i = 1; i <= 50; i++) s.push(i, i === 20 ? NaN : 1, 1);
    const xs = s.points().map((p) => p.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(s.points().every((p) => Number.isFinite(p.loss))).toBe(true);
  });

  it('returns the same array until something changes', () => {
    const s = new MetricSeries();
    s.push(1, 1, 1);
    const a = s.points();
    expect(s.points()).toBe(a);
    s.push(2, 1, 1);
    expect(s.points()).not.toBe(a);
  });
});

describe('mergeSeries', () => {
  it('interleaves validation rows by x', () => {
    const curve = [1, 2, 3, 4].map((x) => ({ x, loss: 1, acc: 0.5, lossEma: 1, accEma: 0.5 }));
    const rows = mergeSeries(curve, [
      { x: 2, epoch: 1, loss: 0.3, acc: 0.9 },
      { x: 10, epoch: 2, loss: 0.2, acc: 0.95 },
    ]);
    expect(rows.map((r) => r.x)).toEqual([1, 2, 3, 4, 10]);
    expect(rows[1]).toMatchObject({ loss: 1, valLoss: 0.3, epoch: 1 });
    expect(rows[4]).toEqual({ x: 10, valLoss: 0.2, valAcc: 0.95, epoch: 2 });
  });
});

describe('chartAxes', () => {
  it('spans every plotted value: x from 0, loss from 0, accuracy from a tenth below its lowest to 100%', () => {
    const rows = [
      { x: 10, loss: 2.4, acc: 0.12, lossEma: 2.4, accEma: 0.12 },
      { x: 430, valLoss: 0.31, valAcc: 0.91, epoch: 1 },
      { x: 860, loss: 0.2, acc: 0.95, lossEma: 0.25, accEma: 0.94 },
    ];
    const a = chartAxes(rows);
    expect(a.x.domain[0]).toBe(0);
    expect(a.x.domain[1]).toBeGreaterThanOrEqual(860);
    expect(a.loss.domain[0]).toBe(0);
    expect(a.loss.domain[1]).toBeGreaterThanOrEqual(2.4);
    expect(a.acc.domain[0]).toBeLessThanOrEqual(0.12);
    expect(a.acc.domain[1]).toBe(1);
    expect(chartAxes([{ x: 5, acc: 0.97, accEma: 0.96, loss: 0.1, lossEma: 0.1 }]).acc.domain).toEqual([0.9, 1]);
  });
});
