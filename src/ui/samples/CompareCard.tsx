/** Before and after on the drawing now on the canvas: the original model and the fine-tuned one, top three each; switch between them. */
import { useEffect, type ReactNode } from 'react';
import type { CompareEntry } from '../../shared/teach-types';
import { pctText } from '../draw/Probabilities';
import { useStore } from '../store';
import { teachController } from './controller';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function CompareCard() {
  const preview = useStore((s) => s.preview);
  const drawing = useStore((s) => s.drawing);
  const modelId = useStore((s) => s.modelId);
  const modelVersion = useStore((s) => s.modelVersion);
  const modelStatus = useStore((s) => s.modelStatus);
  const tuned = useStore((s) => s.tunedModels);
  const comparison = useStore((s) => s.comparison);
  const hasInk = useStore((s) => s.strokes.length > 0);
  const c = teachController();
  const [baseId, tunedId] = c.compareIds();

  // Ask both models once a stroke ends (and again when either model changes).
  useEffect(() => {
    if (drawing) return;
    const t = setTimeout(() => c.compare(useStore.getState().strokes.length > 0 ? preview : null, useStore.getState().drawVersion), 60);
    return () => clearTimeout(t);
  }, [preview, drawing, modelId, modelVersion, tuned, c]);

  const entry = (id: string | null) => (id && comparison && hasInk ? (comparison.entries.find((e) => e.id === id) ?? null) : null);
  const busy = modelStatus === 'loading';

  return (
    <section className="card teach-compare" aria-labelledby="compare-title">
      <div className="card-head">
        <h2 id="compare-title" className="card-title">
          Before and after, on this drawing
        </h2>
      </div>
      <div className="teach-compare-grid">
        <Column
          testId="compare-original"
          kicker="Original"
          id={baseId}
          entry={entry(baseId)}
          active={modelId === baseId}
          hasInk={hasInk}
          action={
            modelId === baseId ? (
              <ActiveChip />
            ) : (
              <button type="button" className="button button--ghost teach-small-button" data-testid="teach-reset" disabled={busy} onClick={() => void c.use(baseId)}>
                Back to the original
              </button>
            )
          }
        />
        <Column
          testId="compare-tuned"
          kicker="Fine-tuned"
          id={tunedId}
          entry={entry(tunedId)}
          active={tunedId !== null && modelId === tunedId}
          hasInk={hasInk}
          action={
            tunedId === null ? null : modelId === tunedId ? (
              <ActiveChip />
            ) : (
              <button type="button" className="button button--ghost teach-small-button" data-testid="teach-use-tuned" disabled={busy} onClick={() => void c.use(tunedId)}>
                Use this one
              </button>
            )
          }
        />
      </div>
    </section>
  );
}

function ActiveChip() {
  return (
    <span className="teach-active-chip">
      <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Reads your drawings
    </span>
  );
}

function Column({ testId, kicker, id, entry, active, hasInk, action }: { testId: string; kicker: string; id: string | null; entry: CompareEntry | null; active: boolean; hasInk: boolean; action: ReactNode }) {
  const probs = entry && 'probs' in entry ? entry.probs : null;
  const top = probs ? DIGITS.slice().sort((a, b) => probs[b] - probs[a]).slice(0, 3) : [];
  return (
    <div className={`teach-compare-col${active ? ' teach-compare-col--active' : ''}`} data-testid={testId} data-digit={top.length ? String(top[0]) : ''} data-model={id ?? ''}>
      <div className="teach-compare-kicker">
        <span>{kicker}</span>
        {active && <span className="teach-live-dot" title="This model reads your drawings" />}
      </div>
      <div className="teach-compare-name" title={id ?? undefined}>
        {entry && 'name' in entry ? entry.name : id === null ? 'Not fine-tuned yet' : id === 'default' ? 'Shipped model' : id}
      </div>
      {id === null ? (
        <p className="teach-compare-empty">Fine-tune on your samples (or press “Learn this one now” after a correction) to get one.</p>
      ) : !hasInk ? (
        <p className="teach-compare-empty">Draw a digit to see what it reads.</p>
      ) : entry && 'error' in entry ? (
        <p className="teach-compare-empty teach-compare-empty--error">{entry.error}</p>
      ) : probs ? (
        <ol className="teach-compare-top" aria-label={`${kicker}: top three`}>
          {top.map((d, i) => (
            <li key={d} className={i === 0 ? 'teach-top teach-top--first' : 'teach-top'}>
              <span className="teach-top-digit">{d}</span>
              <span className="teach-top-bar" aria-hidden="true">
                <span style={{ transform: `scaleX(${probs[d]})` }} />
              </span>
              <span className="teach-top-pct">{pctText(probs[d])}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="teach-compare-empty">Reading…</p>
      )}
      <div className="teach-compare-action">{action}</div>
    </div>
  );
}
