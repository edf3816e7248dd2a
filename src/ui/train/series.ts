/**
 * Training curves that stay cheap however long the run: raw per-batch points
 * are folded into buckets, and when the buckets reach the cap, neighbours are
 * merged and the bucket size doubles. Smoothing is TensorBoard's debiased EMA.
 */

import { niceAxis, type Axis } from '../common/axis';

/** One plotted point: bucket means ("raw") and the smoothed values at its end. */
export interface CurvePoint {
  /** Global batch number at the end of the bucket (1-based). */
  x: number;
  loss: number;
  acc: number;
  lossEma: number;
  accEma: number;
}

/** Validation after an epoch, at the batch where that epoch ended. */
export interface ValPoint {
  x: number;
  epoch: number;
  loss: number;
  acc: number;
}

/** A row of the merged chart data: train fields, validation fields, or both. */
export interface ChartRow {
  x: number;
  loss?: number;
  acc?: number;
  lossEma?: number;
  accEma?: number;
  valLoss?: number;
  valAcc?: number;
  epoch?: number;
}

/** Debiased exponential moving average (weight = TensorBoard's smoothing slider). */
export class Ema {
  private value = 0;
  private n = 0;
  constructor(private readonly weight = 0.9) {}
  push(x: number): number {
    this.value = this.weight * this.value + (1 - this.weight) * x;
    this.n++;
    return this.current;
  }
  get current(): number {
    return this.n === 0 ? NaN : this.value / (1 - this.weight ** this.n);
  }
}

interface Bucket {
  x: number;
  loss: number;
  acc: number;
  count: number;
  lossEma: number;
  accEma: number;
}

/** Per-batch loss/accuracy, downsampled to at most `cap` points (plus the partial bucket). */
export class MetricSeries {
  private closed: Bucket[] = [];
  private open: Bucket | null = null;
  private lossEma: Ema;
  private accEma: Ema;
  private stride = 1;
  private cache: CurvePoint[] | null = null;
  /** Bumped on every change, so consumers can tell cheaply. */
  revision = 0;

  constructor(
    private readonly cap = 400,
    private readonly smoothing = 0.8,
  ) {
    if (cap < 2) throw new RangeError('cap must be at least 2');
    this.lossEma = new Ema(smoothing);
    this.accEma = new Ema(smoothing);
  }

  /** Batches folded into each point now. */
  get bucketSize(): number {
    return this.stride;
  }

  /** Global batch number of the newest point, or 0. */
  get lastX(): number {
    return this.open?.x ?? this.closed.at(-1)?.x ?? 0;
  }

  get length(): number {
    return this.closed.length + (this.open ? 1 : 0);
  }

  /** Adds one batch's metrics; non-finite values are dropped (the worker stops on them anyway). */
  push(x: number, loss: number, acc: number): void {
    if (!Number.isFinite(loss) || !Number.isFinite(acc)) return;
    const lossEma = this.lossEma.push(loss);
    const accEma = this.accEma.push(acc);
    const b = (this.open ??= { x, loss: 0, acc: 0, count: 0, lossEma, accEma });
    b.x = x;
    b.loss += loss;
    b.acc += acc;
    b.count++;
    b.lossEma = lossEma;
    b.accEma = accEma;
    if (b.count >= this.stride) {
      this.closed.push(b);
      this.open = null;
      if (this.closed.length >= this.cap) this.halve();
    }
    this.cache = null;
    this.revision++;
  }

  /** The points to plot (a new array after each change, the same one otherwise). */
  points(): CurvePoint[] {
    if (this.cache) return this.cache;
    const all = this.open ? [...this.closed, this.open] : this.closed;
    this.cache = all.map((b) => ({ x: b.x, loss: b.loss / b.count, acc: b.acc / b.count, lossEma: b.lossEma, accEma: b.accEma }));
    return this.cache;
  }

  reset(): void {
    this.closed = [];
    this.open = null;
    this.stride = 1;
    this.lossEma = new Ema(this.smoothing);
    this.accEma = new Ema(this.smoothing);
    this.cache = null;
    this.revision++;
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i + 1 < this.closed.length; i += 2) {
      const a = this.closed[i];
      const b = this.closed[i + 1];
      merged.push({ x: b.x, loss: a.loss + b.loss, acc: a.acc + b.acc, count: a.count + b.count, lossEma: b.lossEma, accEma: b.accEma });
    }
    // An odd one out becomes the open bucket, to be filled up to the new size.
    this.open = this.closed.length % 2 ? this.closed[this.closed.length - 1] : null;
    this.closed = merged;
    this.stride *= 2;
  }
}

/** Train curve and validation points as one x-sorted array for a chart (validation rows carry only val fields). */
export function mergeSeries(curve: readonly CurvePoint[], val: readonly ValPoint[]): ChartRow[] {
  const out: ChartRow[] = [];
  let j = 0;
  for (const p of curve) {
    while (j < val.length && val[j].x < p.x) {
      out.push({ x: val[j].x, valLoss: val[j].loss, valAcc: val[j].acc, epoch: val[j].epoch });
      j++;
    }
    if (j < val.length && val[j].x === p.x) {
      out.push({ ...p, valLoss: val[j].loss, valAcc: val[j].acc, epoch: val[j].epoch });
      j++;
    } else {
      out.push({ ...p });
    }
  }
  for (; j < val.length; j++) out.push({ x: val[j].x, valLoss: val[j].loss, valAcc: val[j].acc, epoch: val[j].epoch });
  return out;
}

/** The three axes of the learning-curve charts, from the rows they plot. */
export function chartAxes(rows: readonly ChartRow[]): { x: Axis; loss: Axis; acc: Axis } {
  let maxX = 0;
  let maxLoss = 0;
  let minAcc = 1;
  for (const r of rows) {
    maxX = Math.max(maxX, r.x);
    for (const v of [r.loss, r.lossEma, r.valLoss]) if (v !== undefined && Number.isFinite(v)) maxLoss = Math.max(maxLoss, v);
    for (const v of [r.acc, r.accEma, r.valAcc]) if (v !== undefined && Number.isFinite(v)) minAcc = Math.min(minAcc, v);
  }
  // Accuracy from a tenth below its lowest value up to 100%.
  const accLo = Math.max(0, Math.floor(minAcc * 10 - 1e-9) / 10);
  return { x: niceAxis(0, Math.max(1, maxX)), loss: niceAxis(0, maxLoss > 0 ? maxLoss : 1, 5), acc: niceAxis(accLo, 1, 6) };
}
