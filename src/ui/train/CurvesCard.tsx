/** Live loss and accuracy: per-batch (smoothed, with the faint raw curve) and validation after each epoch. */
import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from '../store';
import { formatInt } from './form';
import { mergeSeries, type ChartRow } from './series';

const TRAIN = '#8d82ff';
const VAL = '#3fd29a';
const AXIS = '#8a90b4';
const GRID = 'rgb(255 255 255 / 0.06)';

/**
 * How many of `count` heavy children to show: one more per frame once `active`,
 * so mounting two charts is two short tasks, not one long one.
 */
function useStaggered(count: number, active: boolean): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (!active) {
      setShown(0);
      return;
    }
    if (shown >= count) return;
    const id = requestAnimationFrame(() => setShown((k) => Math.min(count, k + 1)));
    return () => cancelAnimationFrame(id);
  }, [active, shown, count]);
  return active ? shown : 0;
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
  const charts = useStaggered(2, !empty);

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
      {empty ? (
        <div className="curves-empty">
          <p>The curves draw themselves here as the network trains: loss should fall and accuracy rise, batch by batch.</p>
        </div>
      ) : (
        <div className="curves-grid">
          {charts > 0 ? <Chart title="Loss" kind="loss" rows={rows} bpe={bpe} /> : <ChartSlot title="Loss" />}
          {charts > 1 ? <Chart title="Accuracy" kind="acc" rows={rows} bpe={bpe} /> : <ChartSlot title="Accuracy" />}
        </div>
      )}
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

/** Accuracy axis from a round number below the lowest value, up to 100%. */
const accDomain: [(min: number) => number, number] = [(min) => (Number.isFinite(min) ? Math.max(0, Math.floor(min * 10) / 10) : 0), 1];

const Chart = memo(function Chart({ title, kind, rows, bpe }: { title: string; kind: 'loss' | 'acc'; rows: ChartRow[]; bpe: number }) {
  const isAcc = kind === 'acc';
  // A stable element: a new one each render would make the tooltip re-render with every update.
  const tip = useMemo(() => <ChartTooltip kind={kind} bpe={bpe} />, [kind, bpe]);
  return (
    <figure className="chart" data-testid={`train-chart-${kind}`}>
      <figcaption className="chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'dataMax']}
            allowDecimals={false}
            tickFormatter={compact}
            stroke={AXIS}
            tick={{ fill: AXIS, fontSize: 11 }}
            tickLine={false}
            axisLine={{ stroke: GRID }}
            minTickGap={24}
          />
          <YAxis
            domain={isAcc ? accDomain : [0, 'auto']}
            tickFormatter={isAcc ? pct : (v: number) => v.toFixed(v < 1 ? 2 : 1)}
            stroke={AXIS}
            tick={{ fill: AXIS, fontSize: 11 }}
            tickLine={false}
            axisLine={false}
            width={42}
          />
          <Tooltip content={tip} cursor={{ stroke: 'rgb(255 255 255 / 0.18)' }} isAnimationActive={false} />
          <Line dataKey={isAcc ? 'acc' : 'loss'} name="raw" stroke={TRAIN} strokeOpacity={0.28} strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} connectNulls />
          <Line dataKey={isAcc ? 'accEma' : 'lossEma'} name="training" stroke={TRAIN} strokeWidth={2.25} dot={false} isAnimationActive={false} connectNulls />
          <Line
            dataKey={isAcc ? 'valAcc' : 'valLoss'}
            name="validation"
            stroke={VAL}
            strokeWidth={2}
            dot={{ r: 3.5, fill: VAL, stroke: '#0b0e1d', strokeWidth: 1.5 }}
            activeDot={{ r: 5 }}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
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
