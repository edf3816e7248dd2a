/** What the finished (or stopped) run learned: test accuracy, the confusion matrix and the digits it got wrong. */
import { useStore } from '../store';
import { activationOf, runResultOf, type Activation as ActivationState } from '../store/train';
import { ConfusionMatrix } from './ConfusionMatrix';
import { formatDuration, formatInt, formatPct } from './form';
import { Mistakes } from './Mistakes';

export function ResultsCard() {
  const result = useStore((s) => runResultOf(s.trainRun));
  const activation = useStore((s) => activationOf(s.trainRun));
  if (!result) return null;
  const test = result.test;

  return (
    <section className="card results-card" aria-labelledby="results-title" data-testid="train-results">
      <div className="card-head">
        <h2 id="results-title" className="card-title">
          Results on the test set
        </h2>
        <Activation state={activation} />
      </div>

      <div className="results-summary">
        <div className="results-score">
          <span className="results-score-value" data-testid="train-test-accuracy" data-accuracy={test ? test.accuracy : ''}>
            {test ? formatPct(test.accuracy, 2) : '–'}
          </span>
          <span className="results-score-label">{test ? `of ${formatInt(test.count)} test digits it never saw are read correctly` : 'The run was not tested.'}</span>
        </div>
        <dl className="results-facts">
          <div>
            <dt>Test loss</dt>
            <dd>{test ? test.loss.toFixed(4) : '–'}</dd>
          </div>
          <div>
            <dt>Mistakes</dt>
            <dd>{test ? formatInt(test.count - Math.round(test.accuracy * test.count)) : '–'}</dd>
          </div>
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

      {test && (
        <div className="results-grid">
          <div>
            <h3 className="results-sub">Confusion matrix</h3>
            <p className="results-note">Rows are the true digit, columns what the network said. The diagonal is right; every other cell is a kind of mistake.</p>
            <ConfusionMatrix confusion={test.confusion} />
          </div>
          <div>
            <h3 className="results-sub">Digits it got wrong</h3>
            <p className="results-note">Some are hard even for people; others show what the network has not learned yet.</p>
            <Mistakes images={test.wrongImages} truth={test.wrongTrue} pred={test.wrongPred} conf={test.wrongConf} />
          </div>
        </div>
      )}
    </section>
  );
}

function Activation({ state }: { state: ActivationState }) {
  if (state === 'none') return null;
  if (state === 'loading') return <span className="chip chip--muted">Loading it for drawing…</span>;
  if (state === 'failed') return <span className="chip chip--danger">Could not load it for drawing</span>;
  return (
    <a className="chip chip--ok" href="#draw" data-testid="train-active">
      <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      This model is now active for drawing. Try it →
    </a>
  );
}
