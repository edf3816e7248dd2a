/** The fine-tuning loss, step by step: raw (faint) and smoothed. Same look as the Train dashboard's curves. */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceAxis } from '../common/axis';
import { useStore } from '../store';
import { AXIS, CURSOR, GRID, lossTick, MARGIN, TICK, X_AXIS_LINE } from '../common/chartStyle';
import { tuneSummary } from '../common/chartSummary';

const LINE = '#8d82ff';
// Constant props and axes computed here (ticks all shown): recharts 3 then neither re-registers the axes nor measures labels on each update.
const TIP_STYLE = { background: '#12162c', border: '1px solid #343b6b', borderRadius: 10, fontSize: 12.5 };
const stepLabel = (v: unknown) => `Step ${String(v)}`;
const tipValue = (v: unknown, name: unknown): [string, string] => [Number(v).toFixed(4), name === 'lossEma' ? 'smoothed' : 'this step'];

export function LossChart() {
  const curve = useStore((s) => s.tuneCurve);
  const axes = useMemo(() => {
    let hi = 0;
    for (const p of curve) hi = Math.max(hi, Number.isFinite(p.loss) ? p.loss : 0, Number.isFinite(p.lossEma) ? p.lossEma : 0);
    return { x: niceAxis(0, Math.max(1, curve.at(-1)?.step ?? 1)), y: niceAxis(0, hi > 0 ? hi : 1, 5) };
  }, [curve]);
  const summary = useMemo(() => tuneSummary(curve), [curve]);
  if (curve.length < 2) return null;
  return (
    <figure className="teach-chart" data-testid="tune-chart" aria-describedby="tune-chart-summary">
      <figcaption className="teach-chart-title">
        Loss on mixed batches (your drawings + MNIST)
        <span className="teach-legend">
          <span className="teach-swatch" aria-hidden="true" /> smoothed
          <span className="teach-swatch teach-swatch--raw" aria-hidden="true" /> per step
        </span>
      </figcaption>
      <p className="sr-only" id="tune-chart-summary" data-testid="tune-chart-summary">
        {summary}
      </p>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={curve} margin={MARGIN}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="step" type="number" domain={axes.x.domain} ticks={axes.x.ticks} interval={0} stroke={AXIS} tick={TICK} tickLine={false} axisLine={X_AXIS_LINE} />
          <YAxis domain={axes.y.domain} ticks={axes.y.ticks} interval={0} tickFormatter={lossTick} stroke={AXIS} tick={TICK} tickLine={false} axisLine={false} width={40} />
          <Tooltip isAnimationActive={false} cursor={CURSOR} contentStyle={TIP_STYLE} labelFormatter={stepLabel} formatter={tipValue} />
          <Line dataKey="loss" stroke={LINE} strokeOpacity={0.28} strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} />
          <Line dataKey="lossEma" stroke={LINE} strokeWidth={2.25} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
