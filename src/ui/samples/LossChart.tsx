/** The fine-tuning loss, step by step: raw (faint) and smoothed. Same look as the Train dashboard's curves. */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from '../store';

const LINE = '#8d82ff';
const AXIS = '#8a90b4';
const GRID = 'rgb(255 255 255 / 0.06)';

export function LossChart() {
  const curve = useStore((s) => s.tuneCurve);
  if (curve.length < 2) return null;
  return (
    <figure className="teach-chart" data-testid="tune-chart">
      <figcaption className="teach-chart-title">
        Loss on mixed batches (your drawings + MNIST)
        <span className="teach-legend">
          <span className="teach-swatch" aria-hidden="true" /> smoothed
          <span className="teach-swatch teach-swatch--raw" aria-hidden="true" /> per step
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={curve} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="step" type="number" domain={[1, 'dataMax']} allowDecimals={false} stroke={AXIS} tick={{ fill: AXIS, fontSize: 11 }} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={24} />
          <YAxis domain={[0, 'auto']} tickFormatter={(v: number) => v.toFixed(v < 1 ? 2 : 1)} stroke={AXIS} tick={{ fill: AXIS, fontSize: 11 }} tickLine={false} axisLine={false} width={40} />
          <Tooltip
            isAnimationActive={false}
            cursor={{ stroke: 'rgb(255 255 255 / 0.18)' }}
            contentStyle={{ background: '#12162c', border: '1px solid #343b6b', borderRadius: 10, fontSize: 12.5 }}
            labelFormatter={(v) => `Step ${v}`}
            formatter={(v, name) => [Number(v).toFixed(4), name === 'lossEma' ? 'smoothed' : 'this step']}
          />
          <Line dataKey="loss" stroke={LINE} strokeOpacity={0.28} strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} />
          <Line dataKey="lossEma" stroke={LINE} strokeWidth={2.25} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
