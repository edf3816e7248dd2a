/** The pieces of the projector view: the 28×28 input, the ten probabilities and the first layer's maps, all sized for the back row. */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { FeatureMap, InspectLayer } from '../../shared/inspect-types';
import { ColorCanvas } from '../inspect/ColorCanvas';
import { activationScale, mapTiles } from '../inspect/labels';
import { paintImage } from '../draw/paint';

export function InputView({ image }: { image: Float32Array | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (ref.current) paintImage(ref.current, image);
  }, [image]);
  return (
    <figure className="present-input">
      <canvas ref={ref} width={28} height={28} data-testid="present-input" role="img" aria-label="The drawing as the network sees it: 28 by 28 grey pixels" />
      <figcaption>What the network sees: 28 × 28</figcaption>
    </figure>
  );
}

export function ProbsView({ probs, top }: { probs: Float32Array | null; top: number | null }) {
  return (
    <ol className="present-probs" aria-label="Probability of each digit" data-testid="present-probs">
      {Array.from({ length: 10 }, (_, d) => {
        const p = probs ? probs[d] : 0;
        return (
          <li key={d} className={d === top ? 'present-prob present-prob--top' : 'present-prob'}>
            <span className="present-prob-digit">{d}</span>
            <span className="present-prob-track">
              <span className="present-prob-fill" style={{ transform: `scaleX(${Math.max(0, Math.min(1, p))})` }} />
            </span>
            <span className="present-prob-pct">{probs ? `${Math.round(p * 100)}%` : '–'}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function MapsView({ layer, map, error }: { layer: InspectLayer | null; map: FeatureMap | null; error: string | null }) {
  const tiles = useMemo(() => (map ? mapTiles(map) : null), [map]);
  const scale = useMemo(() => (map ? activationScale(map.data) : null), [map]);
  const title = !layer
    ? 'First layer'
    : layer.kind === 'conv'
      ? `First layer: ${layer.outputShape[2]} filters, each lights up where it finds its pattern`
      : layer.isOutput
        ? 'This model has a single layer: its output is the ten probabilities'
        : `First layer: ${layer.outputShape[0]} units, each looking at all 784 pixels`;
  return (
    <section className="present-maps" data-testid="present-maps" data-count={tiles?.count ?? 0} aria-label="Feature maps of the first layer">
      <h2>{title}</h2>
      {error && <p role="alert">Feature maps unavailable: {error}</p>}
      {tiles && scale && !layer?.isOutput && (
        <ColorCanvas tiles={tiles} map={scale.map} range={scale.range} minTile={56} maxTile={tiles.count > 1 ? 150 : 400} gap={8} ariaLabel={title} />
      )}
    </section>
  );
}
