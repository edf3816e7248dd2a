/** Which pixels mattered: saliency of a class for the current drawing, overlaid on it. */
import { useMemo, useState } from 'react';
import { DIVERGING, GRAY, scaleRange, valueRange } from '../../shared/colormap';
import type { SaliencyMethod } from '../../shared/inspect-types';
import { ColorCanvas } from './ColorCanvas';
import { lab } from './hooks';
import { Legend } from './Legend';
import { Chip } from './MapsGrid';
import { overlayRgba } from './overlay';
import { pct } from './ProbBars';
import { RgbaCanvas } from './RgbaCanvas';
import { useLiveDrawing } from './useLive';

const UNIT = { min: 0, max: 1 };

export function SaliencyView({ hasLogits }: { hasLogits: boolean }) {
  const [method, setMethod] = useState<SaliencyMethod>('integrated');
  const [target, setTarget] = useState<number | null>(null);
  const live = useLiveDrawing((image) => lab.call('saliency', { image, method, ...(target === null ? {} : { target }) }), `${method}:${target}`);
  const r = live.result;
  const view = useMemo(() => {
    if (!r) return null;
    const range = scaleRange(valueRange(r.saliency), 'diverging');
    return {
      range,
      overlay: overlayRgba(r.input.image, r.saliency, range),
      sal: { data: r.saliency, count: 1, h: 28, w: 28 },
      img: { data: r.input.image, count: 1, h: 28, w: 28 },
    };
  }, [r]);

  return (
    <section className="inspect-view" data-testid="inspect-saliency" aria-labelledby="sal-title">
      <header className="view-head">
        <h3 id="sal-title">Which pixels mattered</h3>
        <p className="caption">
          {method === 'gradient'
            ? 'The gradient of the class score with respect to every input pixel: warm pixels would raise the score if they were brighter, cool ones would lower it. It answers “what small change would matter most”, which is noisy but instant.'
            : 'Integrated gradients: the gradient averaged along a fade-in from a black image to your drawing, times the pixel. The values add up to how much the score rose over the black image, so they say how much each pixel of ink actually contributed.'}
          {!hasLogits && ' (This model’s last layer is not a plain softmax, so log-probabilities stand in for the class score.)'}
        </p>
      </header>
      <div className="dream-controls">
        <div className="segmented" role="radiogroup" aria-label="Method">
          <Chip active={method === 'gradient'} onClick={() => setMethod('gradient')}>Gradient</Chip>
          <Chip active={method === 'integrated'} onClick={() => setMethod('integrated')}>Integrated gradients</Chip>
        </div>
        <div className="chips" role="radiogroup" aria-label="Class to explain">
          <Chip active={target === null} onClick={() => setTarget(null)}>Top class</Chip>
          {Array.from({ length: 10 }, (_, d) => (
            <Chip key={d} active={target === d} onClick={() => setTarget(d)}>
              {d}
            </Chip>
          ))}
        </div>
      </div>
      {live.error && (
        <p className="inspect-error" role="alert">
          {live.error}
        </p>
      )}
      {!live.empty && !r && live.busy && <p className="empty-state">Working out which pixels mattered…</p>}
      {live.empty && !r && <p className="empty-state">Draw a digit to see which of its pixels the answer rests on.</p>}
      {r && view && (
        <>
          <p>
            Explaining <strong>{r.target}</strong> ({pct(r.probs[r.target])}).
          </p>
          <div className="saliency-row">
            <figure className="figure">
              <ColorCanvas tiles={view.img} map={GRAY} range={UNIT} minTile={150} maxTile={168} ariaLabel="Your digit as the network sees it" />
              <figcaption>Input</figcaption>
            </figure>
            <figure className="figure">
              <ColorCanvas tiles={view.sal} map={DIVERGING} range={view.range} minTile={150} maxTile={168} ariaLabel={`Saliency for ${r.target}`} testId="saliency-map" />
              <figcaption>Saliency</figcaption>
            </figure>
            <figure className="figure">
              <RgbaCanvas rgba={view.overlay} display={168} ariaLabel={`Saliency for ${r.target} over your digit`} testId="saliency-overlay" />
              <figcaption>Overlaid on the input</figcaption>
            </figure>
          </div>
          <Legend map={DIVERGING} range={view.range} label={method === 'gradient' ? 'd score / d pixel' : 'contribution'} />
        </>
      )}
    </section>
  );
}
