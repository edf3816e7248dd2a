/**
 * Look inside: a small drawing canvas beside six views of the network
 * (filters, feature maps, noise, dreams, saliency, codes). All tensor work
 * runs in the lab worker on its own copy of the active model, so nothing
 * here slows down the prediction.
 */
import type { ComponentType, KeyboardEvent } from 'react';
import type { ModelLayout } from '../../shared/inspect-types';
import { Icon } from '../common/Icon';
import { DrawCanvas } from '../draw/DrawCanvas';
import { useLivePredictor } from '../draw/useLivePredictor';
import { useStore } from '../store';
import { INSPECT_VIEWS, type InspectView } from '../store/inspect';
import { AblationView } from './AblationView';
import { AdversarialView } from './AdversarialView';
import { CodesView } from './CodesView';
import { EmbeddingView } from './EmbeddingView';
import { DreamView } from './DreamView';
import { FeatureMapsView } from './FeatureMapsView';
import { FiltersView } from './FiltersView';
import { strokeClock, useLayout } from './hooks';
import { NoiseView } from './NoiseView';
import { pct } from './ProbBars';
import { SaliencyView } from './SaliencyView';
import { SampleButton } from '../draw/SampleButton';
import './inspect.css';

const VIEW_LABELS: Record<InspectView, [label: string, hint: string]> = {
  filters: ['Filters', 'The learned kernels of every conv layer'],
  maps: ['Feature maps', 'What every layer makes of your drawing, live'],
  noise: ['Noise', 'What the model says about pure noise'],
  dream: ['Dreams', 'What a filter (or a digit) wants to see'],
  saliency: ['Saliency', 'Which pixels mattered for the answer'],
  codes: ['Codes', 'Two drawings’ codes side by side'],
  embedding: ['Map', 'Where 2,000 test digits, and yours, land in what the network learned'],
  adversarial: ['Fool it', 'The smallest change that makes the network answer another digit'],
  ablation: ['Filters off', 'Switch filters off and watch the answer and the accuracy'],
};

/** Views that read the drawing; the others work without one. */
const USES_DRAWING: Record<InspectView, boolean> = { filters: false, maps: true, noise: false, dream: false, saliency: true, codes: true, embedding: true, adversarial: true, ablation: true };

export function InspectPanel() {
  const view = useStore((s) => s.inspectView);
  const setView = useStore((s) => s.setInspectView);
  const modelName = useStore((s) => s.modelName);
  const modelStatus = useStore((s) => s.modelStatus);
  const layout = useLayout();

  return (
    <div className="inspect-layout">
      <DrawingCard dim={!USES_DRAWING[view]} />
      <section className="card inspect-main" aria-labelledby="inspect-title">
        <div className="inspect-intro">
          <p className="eyebrow">Look inside</p>
          <h2 id="inspect-title">{modelName ? `Inside “${modelName}”` : 'Inside the network'}</h2>
          <p className="lede">What the network has learned, and what it does with your drawing, one layer at a time.</p>
        </div>
        <div className="subtabs" role="tablist" aria-label="Views" onKeyDown={(e) => tabKeys(e, view, setView)}>
          {INSPECT_VIEWS.map((v) => (
            <button key={v} type="button" role="tab" id={`inspect-tab-${v}`} aria-selected={v === view} tabIndex={v === view ? 0 : -1} aria-controls="inspect-view" className={`subtab${v === view ? ' subtab--active' : ''}`} onClick={() => setView(v)} data-testid={`inspect-tab-${v}`} title={VIEW_LABELS[v][1]}>
              {VIEW_LABELS[v][0]}
            </button>
          ))}
        </div>
        <div id="inspect-view" role="tabpanel" aria-labelledby={`inspect-tab-${view}`}>
          {modelStatus === 'error' && <p className="empty-state">No model is loaded, so there is nothing to look inside. Pick one in the Library.</p>}
          {modelStatus !== 'error' && layout.error && (
            <p className="inspect-error" role="alert">
              The lab could not open the model: {layout.error}
            </p>
          )}
          {modelStatus !== 'error' && !layout.error && !layout.data && <p className="empty-state">Loading the model into the lab…</p>}
          {layout.data && <ViewBody view={view} layout={layout.data} />}
        </div>
      </section>
    </div>
  );
}

/** Arrow keys, Home and End move between the views (the ARIA tabs pattern): one Tab stop for the whole row. */
function tabKeys(e: KeyboardEvent<HTMLDivElement>, view: InspectView, setView: (v: InspectView) => void): void {
  const i = INSPECT_VIEWS.indexOf(view);
  const n = INSPECT_VIEWS.length;
  const next = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
  if (next < 0) return;
  e.preventDefault();
  const v = INSPECT_VIEWS[next];
  setView(v);
  document.getElementById(`inspect-tab-${v}`)?.focus();
}

const BODIES: Record<InspectView, ComponentType<{ layout: ModelLayout }>> = {
  filters: ({ layout }) => <FiltersView layout={layout} onDream={(t) => { useStore.getState().setDreamTarget(t); useStore.getState().setInspectView('dream'); }} />,
  maps: FeatureMapsView,
  noise: NoiseView,
  dream: DreamView,
  saliency: ({ layout }) => <SaliencyView hasLogits={layout.hasLogits} />,
  codes: CodesView,
  embedding: EmbeddingView,
  adversarial: AdversarialView,
  ablation: AblationView,
};

function ViewBody({ view, layout }: { view: InspectView; layout: ModelLayout }) {
  const Body = BODIES[view];
  return <Body layout={layout} />;
}

/** The drawing, shared with the Draw tab; predictions still come from the infer worker. */
function DrawingCard({ dim }: { dim: boolean }) {
  // Predictions run exactly as on the Draw tab; the live views make their own images from the strokes.
  const { predictor, undo, clear } = useLivePredictor();
  const hasStrokes = useStore((s) => s.strokes.length > 0);
  const digit = useStore((s) => s.digit);
  const confidence = useStore((s) => s.confidence);
  const pending = useStore((s) => s.pending);

  return (
    <aside className={`card inspect-draw${dim ? ' inspect-draw--quiet' : ''}`} aria-labelledby="inspect-draw-title">
      <div className="card-head">
        <h2 id="inspect-draw-title" className="card-title">Your digit</h2>
        <div className="toolbar" role="toolbar" aria-label="Drawing tools">
          <SampleButton compact onLoaded={() => predictor.flush()} />
          <button type="button" className="icon-button" onClick={undo} disabled={!hasStrokes} aria-label="Undo last stroke" title="Undo last stroke">
            <Icon name="undo" />
          </button>
          <button type="button" className="icon-button" onClick={clear} disabled={!hasStrokes} aria-label="Clear the drawing" title="Clear">
            <Icon name="clear" />
          </button>
        </div>
      </div>
      <DrawCanvas
        onStrokeChange={() => {
          strokeClock.mark(useStore.getState().drawVersion, performance.now());
          predictor.changed();
        }}
        onStrokeEnd={() => predictor.flush()}
      />
      <p className="inspect-readout" aria-live="polite" data-pending={pending ? 'true' : 'false'}>
        {hasStrokes && digit !== null && confidence !== null ? (
          <>
            The network reads <strong className="inspect-readout-digit">{digit}</strong> <span className="muted">({pct(confidence)})</span>
          </>
        ) : (
          <span className="muted">{hasStrokes ? 'Reading…' : 'The same drawing as on the Draw tab.'}</span>
        )}
      </p>
    </aside>
  );
}
