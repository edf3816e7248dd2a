/** What the finished (or stopped) run learned: accuracy on MNIST's test scans and on held-out drawn digits, their confusion matrices and the digits it got wrong. */
import { useStore } from '../store';
import { activationOf, keptOf, runResultOf } from '../store/train';
import { trainController } from './controller';
import { formatDuration, formatInt, formatPct } from './form';
import { resultSets, STROKE_SET_NOTE } from './results';
import { ResultsDetail } from './ResultsDetail';
import { ScoreTiles } from './ScoreTiles';

export function ResultsCard() {
  const result = useStore((s) => runResultOf(s.trainRun));
  if (!result) return null;
  const sets = resultSets(result);

  return (
    <section className="card results-card" aria-labelledby="results-title" data-testid="train-results">
      <div className="card-head">
        <h2 id="results-title" className="card-title">
          Results on digits it never trained on
        </h2>
      </div>
      <Activation />

      <div className="results-summary">
        <ScoreTiles sets={sets} />
        <p className="results-set-note">{STROKE_SET_NOTE}</p>
        <dl className="results-facts">
          <div>
            <dt>Images seen</dt>
            <dd>{formatInt(result.samplesSeen)}</dd>
          </div>
          <div>
            <dt>Time</dt>
            <dd>{formatDuration(result.wallTimeSec)}</dd>
          </div>
        </dl>
      </div>

      <ResultsDetail sets={sets} />
    </section>
  );
}

/** Whether the run's model now reads drawings, or why the active one was kept (with the choice to switch). */
function Activation() {
  const state = useStore((s) => activationOf(s.trainRun));
  const result = useStore((s) => runResultOf(s.trainRun));
  const kept = useStore((s) => keptOf(s.trainRun));
  const activeId = useStore((s) => s.modelId);
  if (!result || state === 'none') return null;
  const runAcc = result.test?.accuracy ?? null;
  if (state === 'loading') return <p className="activation"><span className="chip chip--muted">Loading it for drawing…</span></p>;
  if (state === 'failed') return <p className="activation"><span className="chip chip--danger">Could not load it for drawing</span></p>;
  if (state === 'kept' && kept && activeId !== result.model.id) {
    return (
      <div className="activation activation--kept" data-testid="train-kept" role="status">
        <p className="activation-text">
          {runAcc === null
            ? <>This run was not tested, so <strong>{kept.name}</strong> still reads your drawings.</>
            : <>This run scored lower than the active model, so <strong>{kept.name}</strong> still reads your drawings.</>}
        </p>
        <dl className="activation-compare">
          <div>
            <dt>Active: {kept.name}</dt>
            <dd data-testid="train-kept-accuracy">{kept.testAccuracy === null ? 'not measured' : formatPct(kept.testAccuracy, 2)}</dd>
          </div>
          <div>
            <dt>This run: {result.model.name}</dt>
            <dd>{runAcc === null ? 'not tested' : formatPct(runAcc, 2)}</dd>
          </div>
        </dl>
        <button type="button" className="button button--small" data-testid="train-use-model" onClick={() => void trainController().activate(result.model.id)}>
          Use this model
        </button>
      </div>
    );
  }
  // "Now active" only while it still is: another model may have been chosen since.
  if (activeId !== result.model.id) return null;
  return (
    <p className="activation">
      <a className="chip chip--ok" href="#draw" data-testid="train-active">
        <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        This model is now active for drawing. Try it →
      </a>
    </p>
  );
}
