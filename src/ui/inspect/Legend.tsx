/** A colour bar with the value range it spans. */
import { formatValue, type ColorMap, type Range } from '../../shared/colormap';

export function Legend({ map, range, label }: { map: ColorMap; range: Range; label: string }) {
  const mid = map.kind === 'diverging' ? 0 : (range.min + range.max) / 2;
  return (
    <div className="legend" aria-label={`${label}: colour scale from ${formatValue(range.min)} to ${formatValue(range.max)}`} role="img">
      <span className="legend-label">{label}</span>
      <div className="legend-bar" style={{ backgroundImage: map.css }} />
      <div className="legend-ticks" aria-hidden="true">
        <span>{formatValue(range.min)}</span>
        <span>{formatValue(mid)}</span>
        <span>{formatValue(range.max)}</span>
      </div>
    </div>
  );
}
