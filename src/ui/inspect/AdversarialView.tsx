/** Fool the network: the smallest change to the drawing that makes the model answer a chosen digit, and how sturdy the answer is to everyday changes. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DIVERGING, GRAY } from '../../shared/colormap';
import type { AttackProgress, AttackResult } from '../../shared/inspect-more-types';
import { strokesToInput } from '../../shared/preprocess';
import { useStore } from '../store';
import { ColorCanvas } from './ColorCanvas';
import { errorText, isCancelled, lab, useModelKey } from './hooks';
import { argmax } from './labels';
import { Legend } from './Legend';
import { Chip } from './MapsGrid';
import { pct, ProbBars } from './ProbBars';
import { RobustnessPanel } from './RobustnessPanel';
import './inspect-more.css';

type Run = { state: 'idle' } | { state: 'running'; progress: AttackProgress | null } | { state: 'done'; result: AttackResult } | { state: 'error'; message: string };

const UNIT = { min: 0, max: 1 };
const BUDGETS = [0.1, 0.2, 0.3, 0.5];
const one = (data: Float32Array) => ({ data, count: 1, h: 28, w: 28 });

export function AdversarialView() {
  const key = useModelKey();
  const hasStrokes = useStore((s) => s.strokes.length > 0);
  const [target, setTarget] = useState(8);
  const [budget, setBudget] = useState(0.3);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  /** Bumped by every start and every reset, so a late answer to an older search is ignored. */
  const runId = useRef(0);

  // A new model or a new drawing makes the old answer meaningless and stops a search in flight; so does leaving the view.
  useEffect(() => {
    runId.current++;
    setRun({ state: 'idle' });
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.drawVersion === prev.drawVersion) return;
      runId.current++;
      setRun((r) => {
        if (r.state === 'running') void lab.call('inspectCancel', {}).catch(() => undefined);
        return r.state === 'idle' ? r : { state: 'idle' };
      });
    });
    return () => {
      unsubscribe();
      void lab.call('inspectCancel', {}).catch(() => undefined);
    };
  }, [key]);

  const start = () => {
    const s = useStore.getState();
    const image = strokesToInput(s.strokes, s.viewSize);
    if (!image) return;
    const id = ++runId.current;
    const mine = (f: () => void) => id === runId.current && f();
    setRun({ state: 'running', progress: null });
    lab.call('adversarial', { image, target, budget }, { onProgress: (p) => mine(() => setRun({ state: 'running', progress: p })), timeoutMs: 0 }).then(
      (result) => mine(() => setRun({ state: 'done', result })),
      (e: unknown) => mine(() => setRun(isCancelled(e) ? { state: 'idle' } : { state: 'error', message: errorText(e) })),
    );
  };
  const stop = () => void lab.call('inspectCancel', {}).catch(() => undefined);

  const r = run.state === 'done' ? run.result : null;
  const view = useMemo(() => (r ? { before: one(r.original), change: one(r.change), after: one(r.adversarial), range: { min: -Math.max(r.linf, 1e-3), max: Math.max(r.linf, 1e-3) } } : null), [r]);
  const was = r ? argmax(r.originalProbs) : null;
  const now = r ? argmax(r.probs) : null;

  return (
    <section className="inspect-view" data-testid="inspect-adversarial" data-target={target} data-reached={r ? String(r.reached) : ''} data-state={run.state} aria-labelledby="adv-title">
      <header className="view-head">
        <h3 id="adv-title">Fool the network</h3>
        <p className="caption">
          The computer nudges every pixel of your drawing a little, in whichever direction makes the chosen digit more likely, until the
          network changes its answer. The change is often too faint for a person to notice, which shows the network does not see digits the way we do.
        </p>
      </header>
      <div className="dream-controls">
        <div className="chips" role="radiogroup" aria-label="Make it answer">
          {Array.from({ length: 10 }, (_, d) => (
            <Chip key={d} active={target === d} onClick={() => setTarget(d)}>
              {d}
            </Chip>
          ))}
        </div>
        <div className="field-row">
          <label className="field">
            <span>Largest change per pixel</span>
            <select value={budget} onChange={(e) => setBudget(Number(e.target.value))} data-testid="adversarial-budget">
              {BUDGETS.map((b) => (
                <option key={b} value={b}>
                  {Math.round(b * 100)}% of full brightness
                </option>
              ))}
            </select>
          </label>
          {run.state === 'running' ? (
            <button type="button" className="button" onClick={stop} data-testid="adversarial-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="button button--primary" onClick={start} disabled={!hasStrokes || key === null} data-testid="adversarial-start">
              Make it say {target}
            </button>
          )}
        </div>
      </div>
      {!hasStrokes && <p className="empty-state">Draw a digit first: the search changes your drawing.</p>}
      {run.state === 'running' && (
        <div className="more-progress" role="status">
          <progress max={run.progress?.steps ?? 1} value={run.progress?.step ?? 0} aria-label="Search progress" />
          <span>{run.progress ? `Step ${run.progress.step} of ${run.progress.steps}: ${pct(run.progress.best)} sure it is ${target}` : 'Starting the search…'}</span>
        </div>
      )}
      {run.state === 'error' && (
        <p className="inspect-error" role="alert">
          {run.message}
        </p>
      )}
      {r && view && (
        <>
          <p className="more-verdict" data-testid="adversarial-verdict">
            {r.reached ? (
              r.linf === 0 ? (
                <>It already reads your drawing as <strong>{r.target}</strong>: nothing to change.</>
              ) : (
                <>
                  It now reads <strong>{now}</strong> ({pct(r.probs[now!])}) instead of {was}, after changing each pixel by at most {Math.round(r.linf * 100)}%.
                </>
              )
            ) : (
              <>
                A change of up to {Math.round(r.budget * 100)}% per pixel was <strong>not enough</strong>: it still reads {now} ({pct(r.probs[now!])}). Allow a larger change and try again.
              </>
            )}
          </p>
          <div className="more-trio">
            <figure className="figure">
              <ColorCanvas tiles={view.before} map={GRAY} range={UNIT} minTile={80} maxTile={168} ariaLabel="Your drawing" />
              <figcaption>Your drawing: {was}</figcaption>
            </figure>
            <figure className="figure">
              <ColorCanvas tiles={view.change} map={DIVERGING} range={view.range} minTile={80} maxTile={168} ariaLabel="The change: warm pixels got brighter, cool ones darker" testId="adversarial-change" />
              <figcaption>
                The change · L2 {r.l2.toFixed(2)} · L∞ {r.linf.toFixed(2)}
              </figcaption>
            </figure>
            <figure className="figure">
              <ColorCanvas tiles={view.after} map={GRAY} range={UNIT} minTile={80} maxTile={168} ariaLabel={`The changed drawing, read as ${now}`} testId="adversarial-image" />
              <figcaption>Changed: {now}</figcaption>
            </figure>
          </div>
          <Legend map={DIVERGING} range={view.range} label="change in brightness" />
          <ProbBars probs={r.probs} label="Probability of each digit for the changed drawing" />
          <p className="muted more-small">
            {r.steps} gradient steps in {(r.ms / 1000).toFixed(1)} s.
          </p>
        </>
      )}
      <RobustnessPanel />
    </section>
  );
}
