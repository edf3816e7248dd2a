/** Live loss and accuracy: per-batch (smoothed, with the faint raw curve) and validation after each epoch. */
import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from '../store';
import { formatInt } from './form';
import type { Axis } from '../common/axis';
import { chartAxes, mergeSeries, type ChartRow } from './series';
import { AXIS, CURSOR, GRID, lossTick, MARGIN, TICK, X_AXIS_LINE } from '../common/chartStyle';

const TRAIN = '#8d82ff';
const VAL = '#3fd29a';

/** How many of `count` heavy children to show: one more per frame after mounting, so mounting two charts is two short tasks, not one long one. */
function useStaggered(count: number): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (shown >= count) return;
    const id = requestAnimationFrame(() => setShown((k) => Math.min(count, k + 1)));
    return () => cancelAnimationFrame(id);
  }, [shown, count]);
  return shown;
}

/** `value`, one animation frame late. */
function useFrameLater<T>(value: T): T {
  const [late, setLate] = useState(value);
  useEffect(() => {
    const id = requestAnimationFrame(() => setLate(value));
    return () => cancelAnimationFrame(id);
  }, [value]);
  return late;
}

export function CurvesCard() {
  const curve = useStore((s) => s.trainCurve);
  const val = useStore((s) => s.trainVal);
  const bucket = useStore((s) => s.trainBucket);
  const bpe = useStore((s) => s.trainStats?.batchesPerEpoch ?? 0);
  const merged = useMemo(() => mergeSeries(curve, val), [curve, val]);
  // Charts redraw in an interruptible background render, so a redraw never holds up input.
  const rows = useDeferredValue(merged);
  const empty = merged.length === 0;
  const charts = useStaggered(2);
  // The second chart redraws a frame after the first: two short tasks per update, not one long one.
  const lagged = useFrameLater(rows);
  const first = rows.length ? rows : GHOST;
  const second = lagged.length ? lagged : GHOST;
  const axes = useMemo(() => chartAxes(first), [first]);
  const laggedAxes = useMemo(() => chartAxes(second), [second]);

  return (
    <section className="card curves-card" aria-labelledby="curves-title">
      <div className="card-head">
        <h2 id="curves-title" className="card-title">
          Learning curves
        </h2>
        <ul className="legend" aria-label="Legend">
          <li>
            <span className="legend-swatch legend-swatch--train" aria-hidden="true" />
            Training (smoothed)
          </li>
          <li>
            <span className="legend-swatch legend-swatch--raw" aria-hidden="true" />
            {bucket > 1 ? `raw, ${bucket}-batch means` : 'raw'}
          </li>
          <li>
            <span className="legend-swatch legend-swatch--val" aria-hidden="true" />
            Validation
          </li>
        </ul>
      </div>
      {/* The charts mount with the tab, showing the shape to expect, so the run's first points are a cheap update rather than a chart's first (and slowest) render while the worker trains. */}
      <div className="curves-body">
        <div className="curves-grid">
          {charts > 0 ? <Chart title="Loss" kind="loss" rows={first} ghost={first === GHOST} bpe={bpe} x={axes.x} y={axes.loss} /> : <ChartSlot title="Loss" />}
          {charts > 1 ? <Chart title="Accuracy" kind="acc" rows={second} ghost={second === GHOST} bpe={bpe} x={laggedAxes.x} y={laggedAxes.acc} /> : <ChartSlot title="Accuracy" />}
        </div>
        {empty && (
          <div className="curves-empty">
            <p>Dashed: the shape a healthy run takes. Press Train and your run’s curves draw themselves here, batch by batch: loss falling, accuracy rising.</p>
          </div>
        )}
      </div>
    </section>
  );
}

/** The chart's place while it waits for its frame to mount. */
function ChartSlot({ title }: { title: string }) {
  return (
    <figure className="chart" aria-busy="true">
      <figcaption className="chart-title">{title}</figcaption>
      <div style={{ height: 240 }} />
    </figure>
  );
}

const compact = (x: number) => (x >= 10_000 ? `${Math.round(x / 1000)}k` : x >= 1000 ? `${(x / 1000).toFixed(1).replace(/\.0$/, '')}k` : String(x));
const pct = (v: number) => `${Math.round(v * 100)}%`;

// Props that never change are module constants: recharts 3 compares them on every render, and a new object is a store update.
const VAL_DOT = { r: 3.5, fill: VAL, stroke: '#0b0e1d', strokeWidth: 1.5 };
const VAL_ACTIVE_DOT = { r: 5 };

/** Before a run: the shape a healthy run's curves take, drawn faint behind the empty-state note. */
const GHOST: ChartRow[] = Array.from({ length: 48 }, (_, i) => {
  const x = (i + 1) * 10;
  const lossEma = 0.12 + 2.2 * Math.exp(-x / 90);
  const accEma = 0.98 - 0.88 * Math.exp(-x / 70);
  return { x, loss: lossEma, acc: accEma, lossEma, accEma, ...(x % 240 === 0 ? { valLoss: lossEma * 0.9, valAcc: Math.min(1, accEma + 0.005), epoch: x / 240 } : {}) };
});

const Chart = memo(function Chart({ title, kind, rows, ghost, bpe, x, y }: { title: string; kind: 'loss' | 'acc'; rows: ChartRow[]; ghost: boolean; bpe: number; x: Axis; y: Axis }) {
  const isAcc = kind === 'acc';
  const train = ghost ? AXIS : TRAIN;
  const val = ghost ? AXIS : VAL;
  // A stable element: a new one each render would make the tooltip re-render with every update.
  const tip = useMemo(() => <ChartTooltip kind={kind} bpe={bpe} />, [kind, bpe]);
  return (
    <figure className={ghost ? 'chart chart--ghost' : 'chart'} data-testid={`train-chart-${kind}`} data-ghost={ghost}>
      <figcaption className="chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={GRID} vertical={false} />
          {/* Ticks are computed here and all shown (interval 0): recharts then never measures label text, a forced layout per label. */}
          <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} interval={0} tickFormatter={compact} stroke={AXIS} tick={TICK} tickLine={false} axisLine={X_AXIS_LINE} />
          <YAxis domain={y.domain} ticks={y.ticks} interval={0} tickFormatter={isAcc ? pct : lossTick} stroke={AXIS} tick={TICK} tickLine={false} axisLine={false} width={42} />
          <Tooltip content={tip} cursor={ghost ? false : CURSOR} active={ghost ? false : undefined} isAnimationActive={false} />
          <Line dataKey={isAcc ? 'acc' : 'loss'} name="raw" stroke={train} strokeOpacity={0.28} strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} connectNulls />
          <Line dataKey={isAcc ? 'accEma' : 'lossEma'} name="training" stroke={train} strokeDasharray={ghost ? '5 5' : undefined} strokeWidth={2.25} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey={isAcc ? 'valAcc' : 'valLoss'} name="validation" stroke={val} strokeWidth={2} dot={ghost ? false : VAL_DOT} activeDot={VAL_ACTIVE_DOT} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
      <p className="chart-xunit">batches trained{bpe > 0 ? ` (${formatInt(bpe)} = one epoch)` : ''}</p>
    </figure>
  );
});

interface TooltipArgs {
  active?: boolean;
  payload?: readonly { payload?: ChartRow }[];
  label?: number | string;
}

function ChartTooltip({ active, payload, kind, bpe }: TooltipArgs & { kind: 'loss' | 'acc'; bpe: number }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  const fmt = kind === 'acc' ? (v: number) => `${(v * 100).toFixed(1)}%` : (v: number) => v.toFixed(4);
  const train = kind === 'acc' ? row.accEma : row.lossEma;
  const raw = kind === 'acc' ? row.acc : row.loss;
  const val = kind === 'acc' ? row.valAcc : row.valLoss;
  return (
    <div className="chart-tip">
      <div className="chart-tip-head">
        Batch {formatInt(row.x)}
        {bpe > 0 && <span> · epoch {(row.x / bpe).toFixed(2)}</span>}
      </div>
      {train !== undefined && (
        <div>
          <span className="legend-swatch legend-swatch--train" /> training {fmt(train)} <span className="chart-tip-dim">(raw {fmt(raw!)})</span>
        </div>
      )}
      {val !== undefined && (
        <div>
          <span className="legend-swatch legend-swatch--val" /> validation {fmt(val)} <span className="chart-tip-dim">after epoch {row.epoch}</span>
        </div>
      )}
    </div>
  );
}
