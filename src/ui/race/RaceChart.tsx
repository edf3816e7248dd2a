/** A race's two curves on one chart by images seen, with a marker where both sides have seen the same number. */
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { niceAxis } from '../common/axis';
import { AXIS, GRID, lossTick, MARGIN, TICK, X_AXIS_LINE } from '../common/chartStyle';
import { overlay, type OverlayRun } from '../compare/overlay';
import { RUN_COLORS } from '../compare/CompareChart';

const compact = (x: number) => (x >= 10_000 ? `${Math.round(x / 1000)}k` : x >= 1000 ? `${(x / 1000).toFixed(1).replace(/\.0$/, '')}k` : String(x));
const pct = (v: number) => `${Math.round(v * 100)}%`;

export const RaceChart = memo(function RaceChart({ kind, sides, names }: { kind: 'loss' | 'acc'; sides: [OverlayRun, OverlayRun]; names: [string, string] }) {
  const rows = useMemo(() => overlay(sides, 'samples'), [sides]);
  // Where both have got to: the same images seen by each.
  const same = Math.min(...sides.map((s) => (s.curve.at(-1)?.x ?? 0) * s.batchSize));
  const { x, y } = useMemo(() => {
    let maxX = 0;
    let maxY = 0;
    let minY = 1;
    for (const r of rows) {
      maxX = Math.max(maxX, r.x);
      for (const k of ['a', 'b']) {
        const v = r[`${k}:${kind}`];
        if (v === undefined) continue;
        maxY = Math.max(maxY, v);
        minY = Math.min(minY, v);
      }
    }
    return { x: niceAxis(0, Math.max(1, maxX)), y: kind === 'acc' ? niceAxis(Math.max(0, Math.floor(minY * 10 - 1e-9) / 10), 1, 6) : niceAxis(0, maxY > 0 ? maxY : 1, 5) };
  }, [rows, kind]);
  const drawn = sides.filter((s) => s.curve.length > 0).length;
  return (
    <figure className="chart" data-testid={`race-chart-${kind}`} data-series={drawn} data-same-samples={same}>
      <figcaption className="chart-title">{kind === 'acc' ? 'Training accuracy' : 'Training loss'} by images seen</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="x" type="number" domain={x.domain} ticks={x.ticks} interval={0} tickFormatter={compact} stroke={AXIS} tick={TICK} tickLine={false} axisLine={X_AXIS_LINE} />
          <YAxis domain={y.domain} ticks={y.ticks} interval={0} tickFormatter={kind === 'acc' ? pct : lossTick} stroke={AXIS} tick={TICK} tickLine={false} axisLine={false} width={42} />
          {same > 0 && <ReferenceLine x={same} stroke="#e9ebf8" strokeDasharray="4 4" label={{ value: `both: ${compact(same)} images`, fill: '#e9ebf8', fontSize: 11, position: 'insideTopRight' }} />}
          {(['a', 'b'] as const).map((k, i) => (
            <Line key={k} dataKey={`${k}:${kind}`} name={names[i]} stroke={RUN_COLORS[i]} strokeWidth={2.25} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
