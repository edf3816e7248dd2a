/** Noise in, answer out: what the model says about uniform noise, and its feature maps at every layer. */
import { useMemo } from 'react';
import { aDigit } from '../../shared/answer';
import { GRAY } from '../../shared/colormap';
import type { ModelLayout } from '../../shared/inspect-types';
import { useStore } from '../store';
import { ColorCanvas } from './ColorCanvas';
import { lab, useLabQuery, useModelKey } from './hooks';
import { argmax } from './labels';
import { MapsGrid } from './MapsGrid';
import { pct, ProbBars } from './ProbBars';

const UNIT = { min: 0, max: 1 };

export function NoiseView({ layout }: { layout: ModelLayout }) {
  const key = useModelKey();
  const seed = useStore((s) => s.noiseSeed);
  const setSeed = useStore((s) => s.setNoiseSeed);
  const q = useLabQuery(key === null ? null : `${key}#${seed}`, () => lab.call('noise', { seed }));
  const r = q.data;
  const tiles = useMemo(() => (r ? { data: r.image, count: 1, h: 28, w: 28 } : null), [r]);
  const top = r ? argmax(r.probs) : null;
  const conf = r && top !== null ? r.probs[top] : 0;

  return (
    <section className="inspect-view" data-testid="inspect-noise" aria-labelledby="noise-title">
      <header className="view-head">
        <h3 id="noise-title">Noise in, answer out</h3>
        <p className="caption">
          The Keras article fed its CNN a picture of pure uniform noise, and the network called it an “8” with 97.8% confidence. A
          classifier has to spread 100% over ten digits whatever it is shown: it has no way to say “this is not a digit”, so a high
          probability is not the same as being right. Here is what this model says.
        </p>
      </header>
      <div className="noise-controls">
        <button type="button" className="button" onClick={() => setSeed(Math.floor(Math.random() * 1_000_000))} data-testid="noise-new">
          New noise
        </button>
        <label className="field">
          <span>Seed</span>
          <input
            type="number"
            inputMode="numeric"
            value={seed}
            min={0}
            step={1}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isSafeInteger(v)) setSeed(v);
            }}
            data-testid="noise-seed"
          />
        </label>
      </div>
      {q.error && (
        <p className="inspect-error" role="alert">
          {q.error}
        </p>
      )}
      {!r && q.loading && <p className="empty-state">Asking the model…</p>}
      {r && tiles && top !== null && (
        <>
          <div className="noise-row">
            <figure className="figure">
              <ColorCanvas tiles={tiles} map={GRAY} range={UNIT} minTile={140} maxTile={196} ariaLabel={`Uniform noise, seed ${r.seed}`} testId="noise-image" />
              <figcaption>Uniform noise, seed {r.seed}</figcaption>
            </figure>
            <div className="noise-answer" data-testid="inspect-noise-prediction" data-digit={top} data-confidence={conf.toFixed(4)}>
              <div className="mini-answer">
                <span className="mini-digit">{top}</span>
                <span>
                  <strong>{conf > 0.9 ? 'Confidently wrong' : conf > 0.5 ? 'Fairly sure, and wrong' : 'Unsure, as it should be'}</strong>
                  <br />
                  <span className="muted">
                    It calls this noise {aDigit(top)} at {pct(conf)}.
                  </span>
                </span>
              </div>
              <ProbBars probs={r.probs} label="Probability of each digit for the noise" />
            </div>
          </div>
          <h4 className="sub-head">What each layer makes of the noise</h4>
          <MapsGrid layout={layout} maps={r.maps} idPrefix="noise" />
        </>
      )}
    </section>
  );
}
