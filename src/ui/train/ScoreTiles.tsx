/** The run's two scores side by side: MNIST's scanned test digits and the held-out drawn digits. */
import type { TestReport } from '../../shared/types';
import { formatInt, formatPct } from './form';
import { mistakesIn, type ResultSet } from './results';

export function ScoreTiles({ sets }: { sets: readonly ResultSet[] }) {
  return (
    <div className="score-tiles">
      {sets.map((s) => (
        <ScoreTile key={s.id} set={s} />
      ))}
    </div>
  );
}

function ScoreTile({ set }: { set: ResultSet }) {
  const r: TestReport | null = set.report;
  const titleId = `score-tile-${set.id}`;
  return (
    <section className={`score-tile score-tile--${set.id}`} aria-labelledby={titleId} data-state={r ? 'measured' : 'missing'}>
      <h3 id={titleId} className="score-tile-title">
        {set.title}
      </h3>
      <p className="score-tile-value" data-testid={set.accuracyTestId} data-accuracy={r ? r.accuracy : ''} data-count={r ? r.count : ''}>
        {r ? formatPct(r.accuracy, 2) : '–'}
      </p>
      <p className="score-tile-label">{r ? `of ${formatInt(r.count)} ${set.noun} read correctly` : unavailable(set)}</p>
      {r && (
        <p className="score-tile-meta">
          {formatInt(mistakesIn(r))} wrong · loss {r.loss.toFixed(3)}
        </p>
      )}
    </section>
  );
}

/** Why a set has no score. */
function unavailable(set: ResultSet): string {
  return set.id === 'strokes' ? 'Unavailable: this copy of Digit Lab has no drawn-digit test set, so only scans were tested.' : 'The run was not tested.';
}
