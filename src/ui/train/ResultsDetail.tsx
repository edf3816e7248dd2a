/** The confusion matrix and the mistakes of one test set at a time, chosen with tabs: scans (MNIST) or drawn digits. */
import { useRef, useState, type KeyboardEvent } from 'react';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Mistakes } from './Mistakes';
import { mistakesIn, type ResultSet, type ResultSetId } from './results';

export function ResultsDetail({ sets }: { sets: readonly ResultSet[] }) {
  const tested = sets.filter((s) => s.report);
  const [picked, setPicked] = useState<ResultSetId>('scans');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (tested.length === 0) return null;
  const shown = tested.find((s) => s.id === picked) ?? tested[0];
  const r = shown.report!;
  // Arrow keys move between the tabs (and pick), as in the WAI-ARIA tabs pattern.
  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + tested.length) % tested.length;
    setPicked(tested[next].id);
    tabs.current[next]?.focus();
  };
  return (
    <div className="results-detail">
      {tested.length > 1 && (
        <div className="results-tabs" role="tablist" aria-label="Test set shown below">
          {tested.map((s, i) => (
            <button
              key={s.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`results-tab-${s.id}`}
              aria-selected={s.id === shown.id}
              aria-controls="results-panel"
              tabIndex={s.id === shown.id ? 0 : -1}
              className={`results-tab${s.id === shown.id ? ' results-tab--active' : ''}`}
              onClick={() => setPicked(s.id)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {s.short}
            </button>
          ))}
        </div>
      )}
      <div className="results-grid" id="results-panel" role={tested.length > 1 ? 'tabpanel' : undefined} aria-labelledby={tested.length > 1 ? `results-tab-${shown.id}` : undefined} data-set={shown.id}>
        <div>
          <h3 className="results-sub">Confusion matrix{tested.length > 1 ? `: ${shown.short.toLowerCase()}` : ''}</h3>
          <p className="results-note">Rows are the true digit, columns what the network said. The diagonal is right; every other cell is a kind of mistake.</p>
          <ConfusionMatrix key={shown.id} confusion={r.confusion} testId={shown.confusionTestId} of={shown.noun} />
        </div>
        <div>
          <h3 className="results-sub">Digits it got wrong</h3>
          <p className="results-note">Some are hard even for people; others show what the network has not learned yet.</p>
          <Mistakes key={shown.id} images={r.wrongImages} truth={r.wrongTrue} pred={r.wrongPred} conf={r.wrongConf} total={mistakesIn(r)} />
        </div>
      </div>
    </div>
  );
}
