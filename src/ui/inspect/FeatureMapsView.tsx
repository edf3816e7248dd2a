/** Feature maps of the current drawing at every conv and pooling layer, live as the user draws. */
import { useLayoutEffect, useRef, useState } from 'react';
import type { ModelLayout } from '../../shared/inspect-types';
import { lab, strokeClock } from './hooks';
import { MapsGrid } from './MapsGrid';
import { useLiveDrawing } from './useLive';

export function FeatureMapsView({ layout }: { layout: ModelLayout }) {
  const live = useLiveDrawing((image) => lab.call('featureMaps', { image }));
  const [lag, setLag] = useState<{ last: number | null; p95: number | null; n: number }>({ last: null, p95: null, n: 0 });
  const r = live.result;
  const first = useRef(true);

  // After the canvases have painted (children's layout effects run first): how long the stroke waited.
  useLayoutEffect(() => {
    if (!r) return;
    // The first answer after opening the view may include loading the model into the lab: not a stroke's lag.
    const last = strokeClock.shown(r.input.version, performance.now(), !first.current);
    first.current = false;
    if (last !== null) setLag({ last, p95: strokeClock.percentile(95), n: strokeClock.count });
  }, [r]);

  return (
    <section className="inspect-view" data-testid="inspect-feature-maps" aria-labelledby="fm-title" data-latency-p95={lag.p95 ?? ''} data-latency-count={lag.n}>
      <header className="view-head">
        <h3 id="fm-title">Feature maps</h3>
        <p className="caption">
          {layout.hasConv
            ? 'Each conv filter slides over the layer below and lights up where it finds its pattern; each square is one filter’s map of where. Pooling keeps the strongest response in every 2×2 patch, so maps shrink as they go deeper and describe larger, more abstract parts of the digit.'
            : 'This model has no convolutional layers, so there are no maps: its hidden layer is a list of units, each looking at all 784 pixels at once. Their activations are shown below.'}
        </p>
      </header>
      {live.error && (
        <p className="inspect-error" role="alert">
          {live.error}
        </p>
      )}
      {!live.empty && !r && live.busy && <p className="empty-state">Running your drawing through every layer…</p>}
      {live.empty && !r && <p className="empty-state">Draw a digit to see what each layer makes of it.</p>}
      {r && <MapsGrid layout={layout} maps={r.maps} idPrefix="fm" />}
      {r && (
        <p className="footnote">
          Computed in {r.ms.toFixed(0)} ms in the lab worker, beside (never in front of) the prediction.
          {lag.last !== null && ` On screen ${lag.last.toFixed(0)} ms after your stroke`}
          {lag.p95 !== null && lag.n >= 5 && ` (95% within ${lag.p95.toFixed(0)} ms over ${lag.n} updates)`}
          {lag.last !== null && '.'}
        </p>
      )}
    </section>
  );
}
