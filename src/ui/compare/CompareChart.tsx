/** One overlay chart of the comparison: each picked run's smoothed loss or accuracy on a shared x axis. */
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceAxis } from '../common/axis';
import { AXIS, CURSOR, GRID, lossTick, MARGIN, TICK, X_AXIS_LINE } from '../common/chartStyle';
import type { CompareAxis, OverlayRow } from './overlay';

/** Run colours: distinct hues, readable on the dark cards. */
export const RUN_COLORS = ['#8d82ff', '#3fd29a', '#f4b65a', '#ff6b81', '#4cc3ff', '#e07cf0'] as const;

const compact = (x: number) => (x >= 10_000 ? `${Math.round(x / 1000)}k` : x >= 1000 ? `${(x / 1000).toFixed(1).replace(/\.0$/, '')}k` : String(Math.round(x * 10) / 10));
const pct = (v: number) => `${Math.round(v * 100)}%`;

export interface ChartRun {
  key: string;
  name: string;
}

export const CompareChart = memo(function CompareChart({ kind, rows, runs, axis }: { kind: 'loss' | 'acc'; rows: OverlayRow[]; runs: ChartRun[]; axis: CompareAxis }) {
  const { x, y } = useMemo(() => {
    let maxX = 0;
    let maxY = 0;
    let minY = 1;
    for (const r of rows) {
      maxX = Math.max(maxX, r.x);
      for (const run of runs) {
        const v = r[`${run.key}:${kind}`];
        if (v === undefined) continue;
        maxY = Math.max(maxY, v);
        minY = Math.min(minY, v);
      }
    }
    const accLo = Math.max(0, Math.floor(minY * 10 - 1e-9) / 10);
    return { x: niceAxis(0, Math.max(1, maxX)), y: kind === 'acc' ? niceAxis(accLo, 1, 6) : niceAxis(0, maxY > 0 ? maxY : 1, 5) };
  }, [rows, runs, kind]);
  const drawn = runs.filter((run) => rows.some((r) => r[`${run.key}:${kind}`] !== undefined)).length;
  return (
    <figure className="chart compare-chart" data-testid={`compare-chart-${kind}`} data-series={drawn} data-axis={axis}>
      <figcaption className="chart-title">
        {kind === 'acc' ? 'Training accuracy (smoothed)' : 'Training loss (smoothed)'} by {axis === 'samples' ? 'images seen' : 'seconds of training'}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} interval={0} tickFormatter={axis === 'time' ? (v: number) => `${compact(v)} s` : compact} stroke={AXIS} tick={TICK} tickLine={false} axisLine={X_AXIS_LINE} />
          <YAxis domain={y.domain} ticks={y.ticks} interval={0} tickFormatter={kind === 'acc' ? pct : lossTick} stroke={AXIS} tick={TICK} tickLine={false} axisLine={false} width={42} />
          <Tooltip cursor={CURSOR} isAnimationActive={false} content={<Tip kind={kind} runs={runs} axis={axis} />} />
          {runs.map((run, i) => (
            <Line key={run.key} dataKey={`${run.key}:${kind}`} name={run.name} stroke={RUN_COLORS[i % RUN_COLORS.length]} strokeWidth={2.25} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

function Tip({ active, payload, kind, runs, axis }: { active?: boolean; payload?: readonly { payload?: OverlayRow }[]; kind: 'loss' | 'acc'; runs: ChartRun[]; axis: CompareAxis }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  const fmt = kind === 'acc' ? (v: number) => `${(v * 100).toFixed(1)}%` : (v: number) => v.toFixed(4);
  return (
    <div className="chart-tip">
      <div className="chart-tip-head">{axis === 'samples' ? `${Math.round(row.x).toLocaleString('en-US')} images` : `${row.x.toFixed(1)} s`}</div>
      {runs.map((run, i) => {
        const v = row[`${run.key}:${kind}`];
        return v === undefined ? null : (
          <div key={run.key}>
            <span className="legend-swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} /> {run.name} {fmt(v)}
          </div>
        );
      })}
    </div>
  );
}
