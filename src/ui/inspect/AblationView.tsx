/** Switch filters off: pick a conv layer, switch some of its filters off, and watch the drawing's answer and the test accuracy change. */
import { useEffect, useMemo, useState } from 'react';
import type { InspectLayer, ModelLayout } from '../../shared/inspect-types';
import { strokesToInput } from '../../shared/preprocess';
import { useStore } from '../store';
import { errorText, lab, useLabQuery, useModelKey } from './hooks';
import { argmax, layerTitles } from './labels';
import { pct, ProbBars } from './ProbBars';
import { useLiveDrawing } from './useLive';
import './inspect-more.css';

/** Digits the accuracy is measured on. */
const TEST_COUNT = 1000;
const MASKABLE = new Set(['Conv2D', 'SeparableConv2D']);
const canAblate = (l: InspectLayer) => l.kind === 'conv' && MASKABLE.has(l.className);

export function AblationView({ layout }: { layout: ModelLayout }) {
  const layers = useMemo(() => layout.layers.filter(canAblate), [layout]);
  const titles = useMemo(() => layerTitles(layout), [layout]);
  const [chosen, setChosen] = useState<string | null>(null);
  const layer = layers.find((l) => l.name === chosen) ?? layers[0];
  if (!layer) {
    return (
      <section className="inspect-view" data-testid="inspect-ablation" aria-labelledby="abl-title">
        <header className="view-head">
          <h3 id="abl-title">Switch filters off</h3>
        </header>
        <p className="notice-inline" data-testid="ablation-unfit">
          {layout.hasConv
            ? 'This model’s convolution layers are of a kind whose filters cannot be switched off one by one here.'
            : 'This model has no convolution layers, so it has no filters to switch off. Its layers read the whole image at once; try a CNN from the Library.'}
        </p>
      </section>
    );
  }
  return <Ablation key={layer.name} layer={layer} layers={layers} title={(l) => titles.get(l.name)?.title ?? l.name} onLayer={setChosen} />;
}

function Ablation({ layer, layers, title, onLayer }: { layer: InspectLayer; layers: InspectLayer[]; title(l: InspectLayer): string; onLayer(name: string): void }) {
  const key = useModelKey();
  const hasStrokes = useStore((s) => s.strokes.length > 0);
  const filters = layer.outputShape[2];
  const [off, setOff] = useState<number[]>([]);
  const [strongestError, setStrongestError] = useState<string | null>(null);
  const offKey = off.join(',');
  useEffect(() => setOff([]), [key]);

  // Declared first, so after a toggle the drawing's answer (quick) is asked before the accuracy (slow): the lab runs them in order.
  // No hang limit: on a busy software GPU these can still queue behind an earlier accuracy run.
  const answer = useLiveDrawing((image) => lab.call('ablation', { layer: layer.name, off, image }, { timeoutMs: 0 }), `${layer.name}|${offKey}`);
  const base = useLabQuery(key && `${key}|all-on`, () => lab.call('ablation', { layer: layer.name, off: [], testCount: TEST_COUNT }, { timeoutMs: 0 }));
  const ablated = useLabQuery(key && off.length > 0 ? `${key}|${layer.name}|${offKey}` : null, () => lab.call('ablation', { layer: layer.name, off, testCount: TEST_COUNT }, { timeoutMs: 0 }));
  const now = off.length === 0 ? base : ablated;
  // The whole model's answer is the Draw tab's own prediction (infer worker), so the lab is not asked twice.
  const wholeTop = useStore((s) => s.digit);
  const wholeConfidence = useStore((s) => s.confidence);

  const toggle = (f: number) => setOff((o) => (o.includes(f) ? o.filter((x) => x !== f) : [...o, f].sort((a, b) => a - b)));
  const strongest = async () => {
    setStrongestError(null);
    const s = useStore.getState();
    const image = strokesToInput(s.strokes, s.viewSize);
    if (!image) return;
    try {
      const r = await lab.call('featureMaps', { image, layers: [layer.name] });
      setOff(strongestFilters(r.maps[0].data, filters, Math.max(1, Math.round(filters / 4))));
    } catch (e) {
      setStrongestError(errorText(e));
    }
  };

  const probs = answer.result?.probs ?? null;
  const top = probs ? argmax(probs) : null;
  const acc = now.data?.accuracy ?? null;
  const baseAcc = base.data?.accuracy ?? null;
  const error = base.error ?? now.error ?? answer.error ?? strongestError;

  return (
    <section className="inspect-view" data-testid="inspect-ablation" data-layer={layer.name} data-off={off.length} data-accuracy={acc ?? ''} data-baseline-accuracy={baseAcc ?? ''} data-busy={now.loading ? 'true' : 'false'} aria-labelledby="abl-title">
      <header className="view-head">
        <h3 id="abl-title">Switch filters off</h3>
        <p className="caption">
          Each filter looks for one small pattern, such as an edge or a curve; here you can switch some of them off, as if they were broken. Watch how the answer for your drawing, and the score on {TEST_COUNT.toLocaleString('en')} test digits, change: the saved model itself is never touched.
        </p>
      </header>
      <div className="dream-controls">
        <div className="field-row">
          <label className="field">
            <span>Layer</span>
            <select value={layer.name} onChange={(e) => onLayer(e.target.value)} data-testid="ablation-layer">
              {layers.map((l) => (
                <option key={l.name} value={l.name}>
                  {title(l)} ({l.outputShape[2]} filters)
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={strongest} disabled={!hasStrokes} data-testid="ablation-strongest">
            Switch off the strongest for this drawing
          </button>
          <button type="button" className="button" onClick={() => setOff(Array.from({ length: filters }, (_, i) => i))} disabled={off.length === filters} data-testid="ablation-all-off">
            All off
          </button>
          <button type="button" className="button" onClick={() => setOff([])} disabled={off.length === 0} data-testid="ablation-reset">
            Reset
          </button>
        </div>
        <div className="more-filters" role="group" aria-label={`Filters of ${title(layer)}: pressed means on`}>
          {Array.from({ length: filters }, (_, f) => (
            <button key={f} type="button" className={`more-filter${off.includes(f) ? ' more-filter--off' : ''}`} aria-pressed={!off.includes(f)} onClick={() => toggle(f)} data-testid={`ablation-filter-${f}`} title={`Filter ${f + 1}: ${off.includes(f) ? 'off' : 'on'}`}>
              {f + 1}
            </button>
          ))}
        </div>
        <p className="muted more-small">
          {off.length === 0 ? 'Every filter is on.' : `${off.length} of ${filters} filters off.`}
        </p>
      </div>
      {error && (
        <p className="inspect-error" role="alert">
          {error}
        </p>
      )}
      <div className="more-abl-grid">
        <div className="more-stat" data-testid="ablation-accuracy">
          <span className="more-stat-label">Accuracy on {TEST_COUNT.toLocaleString('en')} test digits</span>
          <span className="more-stat-value">{acc === null ? '…' : pct(acc)}</span>
          <span className="muted more-small">{baseAcc === null ? 'measuring the whole model…' : `${pct(baseAcc)} with every filter on`}{now.loading && acc !== null ? ' · measuring…' : ''}</span>
        </div>
        <div className="more-stat" data-testid="ablation-answer" data-digit={top ?? ''}>
          <span className="more-stat-label">Your drawing</span>
          {answer.empty ? (
            <span className="muted more-small">Draw a digit to see its answer change.</span>
          ) : (
            <>
              <span className="more-stat-value">{top === null ? '…' : `${top} · ${pct(probs![top])}`}{answer.busy && <span className="muted more-small"> updating…</span>}</span>
              <span className="muted more-small">{wholeTop === null || wholeConfidence === null ? '' : `${wholeTop} (${pct(wholeConfidence)}) with every filter on`}</span>
            </>
          )}
        </div>
      </div>
      {probs && <ProbBars probs={probs} label="Probability of each digit with these filters off" />}
    </section>
  );
}

/** The `k` filters with the highest mean activation in channel-first maps [filters, h, w], in filter order. */
export function strongestFilters(maps: Float32Array, filters: number, k: number): number[] {
  const per = maps.length / filters;
  const means = Array.from({ length: filters }, (_, f) => {
    let s = 0;
    for (let i = 0; i < per; i++) s += maps[f * per + i];
    return [s / per, f] as const;
  });
  return means
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, f]) => f)
    .sort((a, b) => a - b);
}
