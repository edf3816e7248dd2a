/**
 * Several runs' learning curves on one pair of axes. Runs differ in length,
 * batch size and in how many batches each plotted point folds in (their
 * bucket), so each point is placed by what it means, samples seen or
 * seconds of training, never by its index; points are merged into one
 * x-sorted table with a column per run, and a run with more points than the
 * chart needs is folded down first (weighted by batches, so buckets of
 * different sizes average correctly).
 */
import type { CurvePoint } from '../train/series';

export type CompareAxis = 'samples' | 'time';

/** One run's curve as the overlay needs it. */
export interface OverlayRun {
  key: string;
  curve: readonly CurvePoint[];
  batchSize: number;
  /** Batches folded into each point (the last one may hold fewer). */
  bucket: number;
  /** (global batch, seconds of training) samples, increasing; empty when not recorded. */
  clock: readonly { x: number; t: number }[];
  /** Total training seconds, for runs recorded without a clock (time is then spread evenly over batches). */
  wallTimeSec: number;
}

/** One chart row: x, and `<key>:loss` / `<key>:acc` (smoothed) for each run with a point here. */
export type OverlayRow = { x: number } & Record<string, number>;

/** Seconds of training at global batch `x`, from the run's clock (linear between samples) or spread evenly. */
export function secondsAt(run: Pick<OverlayRun, 'clock' | 'wallTimeSec' | 'curve'>, x: number): number {
  const c = run.clock;
  if (c.length === 0) {
    const last = run.curve.at(-1)?.x ?? 0;
    return last > 0 ? (x / last) * run.wallTimeSec : 0;
  }
  if (x <= c[0].x) return c[0].x > 0 ? (x / c[0].x) * c[0].t : c[0].t;
  let lo = 0;
  let hi = c.length - 1;
  if (x >= c[hi].x) return c[hi].t;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (c[mid].x <= x) lo = mid;
    else hi = mid;
  }
  const f = (x - c[lo].x) / (c[hi].x - c[lo].x || 1);
  return c[lo].t + f * (c[hi].t - c[lo].t);
}

/** Folds neighbouring points until at most `max` remain; means are weighted by the batches each point holds. */
export function foldCurve(curve: readonly CurvePoint[], max: number): CurvePoint[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const k = Math.ceil(curve.length / max);
  if (k <= 1) return curve.slice();
  const out: CurvePoint[] = [];
  for (let i = 0; i < curve.length; i += k) {
    const group = curve.slice(i, i + k);
    let w = 0;
    let loss = 0;
    let acc = 0;
    let prevX = i > 0 ? curve[i - 1].x : 0;
    for (const p of group) {
      const n = Math.max(1, p.x - prevX);
      prevX = p.x;
      w += n;
      loss += p.loss * n;
      acc += p.acc * n;
    }
    const last = group[group.length - 1];
    out.push({ x: last.x, loss: loss / w, acc: acc / w, lossEma: last.lossEma, accEma: last.accEma });
  }
  return out;
}

/** The runs' smoothed curves merged into x-sorted rows (x = samples seen or seconds). */
export function overlay(runs: readonly OverlayRun[], axis: CompareAxis, maxPoints = 300): OverlayRow[] {
  const byX = new Map<number, OverlayRow>();
  for (const run of runs) {
    for (const p of foldCurve(run.curve, maxPoints)) {
      if (!Number.isFinite(p.lossEma) || !Number.isFinite(p.accEma)) continue;
      const raw = axis === 'samples' ? p.x * run.batchSize : secondsAt(run, p.x);
      // Rounded so runs that meet at the same place share a row.
      const x = axis === 'samples' ? raw : Math.round(raw * 1000) / 1000;
      let row = byX.get(x);
      if (!row) byX.set(x, (row = { x } as OverlayRow));
      row[`${run.key}:loss`] = p.lossEma;
      row[`${run.key}:acc`] = p.accEma;
    }
  }
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

/** Appends a clock sample, keeping at most `cap` (every other one is dropped when full). */
export function pushClock(clock: { x: number; t: number }[], x: number, t: number, cap = 400): void {
  const last = clock.at(-1);
  if (last && x <= last.x) return;
  clock.push({ x, t });
  if (clock.length > cap) {
    const kept = clock.filter((_, i) => i % 2 === 1 || i === clock.length - 1);
    clock.splice(0, clock.length, ...kept);
  }
}
