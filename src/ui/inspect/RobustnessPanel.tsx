/** How sturdy is the answer: everyday changes to the drawing (noise, blur, a turn, thicker strokes, a shift), answered live by the lab. */
import { useMemo, useState } from 'react';
import { GRAY } from '../../shared/colormap';
import { NO_PERTURBATION, perturb, type Perturbation } from '../../shared/perturb';
import { ColorCanvas } from './ColorCanvas';
import { lab } from './hooks';
import { argmax } from './labels';
import { pct, ProbBars } from './ProbBars';
import { useLiveDrawing } from './useLive';

const UNIT = { min: 0, max: 1 };

const SLIDERS: { key: keyof Perturbation; label: string; min: number; max: number; step: number; unit: (v: number) => string }[] = [
  { key: 'noise', label: 'Noise', min: 0, max: 0.6, step: 0.05, unit: (v) => `±${Math.round(v * 100)}%` },
  { key: 'blur', label: 'Blur', min: 0, max: 2.5, step: 0.25, unit: (v) => `${v.toFixed(2)} px` },
  { key: 'rotation', label: 'Turn', min: -60, max: 60, step: 5, unit: (v) => `${v}°` },
  { key: 'thickness', label: 'Thickness', min: -1, max: 2, step: 0.25, unit: (v) => `${v > 0 ? '+' : ''}${v} px` },
  { key: 'shiftX', label: 'Shift right', min: -8, max: 8, step: 1, unit: (v) => `${v} px` },
  { key: 'shiftY', label: 'Shift down', min: -8, max: 8, step: 1, unit: (v) => `${v} px` },
];

export function RobustnessPanel() {
  const [p, setP] = useState<Perturbation>(NO_PERTURBATION);
  const live = useLiveDrawing(
    async (image) => {
      const changed = perturb(image, p, 7);
      // Generous: in the lab a prediction may queue behind an accuracy run or a map on a software GPU.
      const r = await lab.call('predict', { image: changed }, { timeoutMs: 120_000 });
      return { probs: r.probs, changed };
    },
    JSON.stringify(p),
  );
  const r = live.result;
  const tiles = useMemo(() => (r ? { data: r.changed, count: 1, h: 28, w: 28 } : null), [r]);
  const top = r ? argmax(r.probs) : null;

  return (
    <section className="more-robust" data-testid="robustness" data-digit={top ?? ''} aria-labelledby="robust-title">
      <h4 id="robust-title">How sturdy is the answer?</h4>
      <p className="caption">
        Real handwriting wobbles: here your drawing is blurred, turned, thickened or shifted on purpose. The answer updates as you move a slider, so you can see which everyday changes confuse the network and which it shrugs off.
      </p>
      <div className="more-robust-grid">
        <div className="more-sliders">
          {SLIDERS.map((s) => (
            <label key={s.key} className="more-slider">
              <span>
                {s.label} <output>{s.unit(p[s.key])}</output>
              </span>
              <input type="range" min={s.min} max={s.max} step={s.step} value={p[s.key]} onChange={(e) => setP({ ...p, [s.key]: Number(e.target.value) })} data-testid={`robust-${s.key}`} />
            </label>
          ))}
          <button type="button" className="button" onClick={() => setP(NO_PERTURBATION)} disabled={SLIDERS.every((s) => p[s.key] === NO_PERTURBATION[s.key])}>
            Reset the changes
          </button>
        </div>
        <div className="more-robust-out">
          {live.error && (
            <p className="inspect-error" role="alert">
              {live.error}
            </p>
          )}
          {live.empty && <p className="empty-state">Draw a digit to test how sturdy its answer is.</p>}
          {r && tiles && top !== null && (
            <>
              <figure className="figure">
                <ColorCanvas tiles={tiles} map={GRAY} range={UNIT} minTile={112} maxTile={140} ariaLabel={`Your drawing with the changes, read as ${top}`} testId="robust-image" />
                <figcaption>
                  Reads <strong>{top}</strong> ({pct(r.probs[top])})
                </figcaption>
              </figure>
              <ProbBars probs={r.probs} label="Probability of each digit for the changed drawing" />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
