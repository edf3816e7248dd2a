/** Feature maps of every layer (or one picked layer) as grids; hover or tap a map to see it large. */
import { Fragment, memo, useMemo, useState, type ReactNode } from 'react';
import { formatValue } from '../../shared/colormap';
import type { FeatureMap, ModelLayout } from '../../shared/inspect-types';
import { ColorCanvas } from './ColorCanvas';
import { Legend } from './Legend';
import { activationScale, layerTitles, mapTiles, type LayerTitle } from './labels';

interface Focus {
  layer: string;
  index: number;
}

export function MapsGrid({ layout, maps, idPrefix }: { layout: ModelLayout; maps: FeatureMap[]; idPrefix: string }) {
  const titles = useMemo(() => layerTitles(layout), [layout]);
  const [pick, setPick] = useState<string>('all');
  const [hover, setHover] = useState<Focus | null>(null);
  const [tapped, setTapped] = useState<Focus | null>(null);
  const current = pick === 'all' || maps.some((m) => m.layer === pick) ? pick : 'all';
  const shown = current === 'all' ? maps : maps.filter((m) => m.layer === current);
  const focus = hover ?? tapped;
  const focusMap = focus ? maps.find((m) => m.layer === focus.layer) : undefined;
  // Dense activations have no spatial maps to enlarge.
  const spatial = maps.some((m) => m.shape.length === 3);

  return (
    <div className="maps">
      {maps.length > 1 && (
        <div className="chips" role="radiogroup" aria-label="Layer">
          <Chip active={current === 'all'} onClick={() => setPick('all')}>
            All layers
          </Chip>
          {maps.map((m) => (
            <Chip key={m.layer} active={current === m.layer} onClick={() => setPick(m.layer)} title={titles.get(m.layer)?.detail}>
              {titles.get(m.layer)?.title ?? m.layer}
            </Chip>
          ))}
        </div>
      )}
      <div className={`maps-body${spatial ? '' : ' maps-body--flat'}`}>
        <div className="maps-layers">
          {shown.map((m) => (
            <Fragment key={m.layer}>
              <MapLayer
                map={m}
                title={titles.get(m.layer)}
                big={current !== 'all'}
                selected={tapped?.layer === m.layer ? tapped.index : null}
                onHover={(i) => setHover(i === null ? null : { layer: m.layer, index: i })}
                onPick={(i) => setTapped({ layer: m.layer, index: i })}
                testId={`${idPrefix}-layer-${m.layer}`}
              />
              {/* One column (phones): the enlarged map opens right under the layer tapped, not below every layer. */}
              {spatial && tapped?.layer === m.layer && <Zoom map={m} index={tapped.index} title={titles.get(m.layer)} inline />}
            </Fragment>
          ))}
        </div>
        {spatial && <Zoom map={focusMap} index={focus?.index ?? 0} title={focusMap ? titles.get(focusMap.layer) : undefined} />}
      </div>
    </div>
  );
}

export function Chip({ active, onClick, children, title }: { active: boolean; onClick(): void; children: ReactNode; title?: string }) {
  return (
    <button type="button" role="radio" aria-checked={active} className={`chip${active ? ' chip--active' : ''}`} onClick={onClick} title={title}>
      {children}
    </button>
  );
}

interface MapLayerProps {
  map: FeatureMap;
  title: LayerTitle | undefined;
  big: boolean;
  selected: number | null;
  onHover(i: number | null): void;
  onPick(i: number): void;
  testId: string;
}

const MapLayer = memo(function MapLayer({ map, title, big, selected, onHover, onPick, testId }: MapLayerProps) {
  const tiles = useMemo(() => mapTiles(map), [map]);
  const scale = useMemo(() => activationScale(tiles.data), [tiles]);
  const vector = map.shape.length === 1;
  return (
    <section className="map-layer">
      <header className="map-layer-head">
        <h4>{title?.title ?? map.layer}</h4>
        <span className="muted">{title?.detail}</span>
      </header>
      <ColorCanvas
        tiles={tiles}
        map={scale.map}
        range={scale.range}
        minTile={vector ? 140 : big ? 72 : 36}
        maxTile={vector ? 196 : big ? 128 : 64}
        selected={selected}
        onHover={vector ? undefined : onHover}
        onPick={vector ? undefined : onPick}
        ariaLabel={`${title?.title ?? map.layer}: ${vector ? `${map.shape[0]} unit activations` : `${map.shape[0]} feature maps`}`}
        testId={testId}
      />
      {vector && <p className="caption">Each square is one unit; their order is arbitrary, so the picture has no spatial meaning.</p>}
      {title?.note && <p className="caption">{title.note}</p>}
      <Legend map={scale.map} range={scale.range} label="activation" />
    </section>
  );
});

function Zoom({ map, index, title, inline = false }: { map: FeatureMap | undefined; index: number; title: LayerTitle | undefined; inline?: boolean }) {
  const tiles = useMemo(() => {
    if (!map || map.shape.length !== 3) return null;
    const [, h, w] = map.shape;
    return { data: map.data.subarray(index * h * w, (index + 1) * h * w), count: 1, h, w };
  }, [map, index]);
  const scale = useMemo(() => (map ? activationScale(map.data) : null), [map]);
  if (!map || !tiles || !scale) {
    return (
      <aside className={`maps-zoom maps-zoom--empty${inline ? ' maps-zoom--inline' : ' maps-zoom--side'}`} aria-live="polite">
        <p className="muted">Hover or tap a map to see it large.</p>
      </aside>
    );
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of tiles.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return (
    <aside className={`maps-zoom${inline ? ' maps-zoom--inline' : ' maps-zoom--side'}`} aria-live={inline ? undefined : 'polite'} data-testid={inline ? 'maps-zoom-inline' : undefined}>
      <ColorCanvas tiles={tiles} map={scale.map} range={scale.range} minTile={120} maxTile={220} ariaLabel={`${title?.title ?? map.layer}, map ${index + 1}, enlarged`} />
      <p className="maps-zoom-caption">
        <strong>{title?.title ?? map.layer}</strong>, map {index + 1} of {map.shape[0]}
        <br />
        <span className="muted">
          {map.shape[1]}×{map.shape[2]} · values {formatValue(lo)} to {formatValue(hi)}
        </span>
      </p>
    </aside>
  );
}
