/** Storage used and available, persistence, offline readiness, and the last run's history as CSV. */
import { useEffect, useState } from 'react';
import { useStore } from '../store';
import { listRuns, runsStore, type RunRecord } from '../train/runs';
import { ZOO } from '../../shared/zoo';
import { exportHistory, exportRunHistory, requestPersist } from './actions';
import { formatBytes } from './files';
import { Icon } from '../common/Icon';

const WHEN = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

const OFFLINE_TEXT = {
  unsupported: 'Not available here (development server, or no service worker support).',
  installing: 'Getting ready to work offline…',
  ready: 'Ready: the app, the shipped model and the MNIST data you have used work without a network.',
  error: 'The offline cache could not be set up; the app still works online.',
} as const;

export function StorageCard() {
  const st = useStore((s) => s.libraryStorage);
  const offline = useStore((s) => s.libraryOffline);
  const hasHistory = useStore((s) => s.trainCurve.length > 0);
  const runState = useStore((s) => s.trainRun.state);
  const runsRevision = useStore((s) => s.trainRunsRevision);
  const [runs, setRuns] = useState<RunRecord[]>([]);
  useEffect(() => {
    let live = true;
    listRuns(runsStore()).then(
      (r) => live && setRuns(r),
      () => live && setRuns([]),
    );
    return () => {
      live = false;
    };
  }, [runsRevision]);
  const frac = st.usage !== null && st.quota ? Math.min(1, st.usage / st.quota) : null;
  const memory = st.status?.mode === 'memory';

  return (
    <aside className="library-side">
      <section className="card storage-card" aria-labelledby="storage-title" data-testid="library-storage" data-mode={st.status?.mode ?? ''}>
        <h2 id="storage-title" className="card-title">
          Storage
        </h2>
        {memory ? (
          <p className="storage-warning">
            This browser refuses storage ({st.status?.reason ?? 'IndexedDB is unavailable'}). Models live in memory until the tab closes: export the ones you want to keep.
          </p>
        ) : null}
        <div className="meter" role="meter" aria-label="Browser storage used" aria-valuemin={0} aria-valuemax={st.quota ?? 0} aria-valuenow={st.usage ?? 0}>
          <div className="meter-fill" style={{ width: `${Math.max(frac ?? 0, 0.01) * 100}%` }} data-level={frac !== null && frac > 0.9 ? 'high' : 'ok'} />
        </div>
        <p className="storage-numbers">
          <strong>{formatBytes(st.usage)}</strong> used of <strong>{formatBytes(st.quota)}</strong> available to this site
        </p>
        <div className="storage-persist">
          {st.persisted ? (
            <p className="storage-ok">
              <span className="dot dot--ok" aria-hidden="true" /> Persistent: the browser will not clear your models to free space.
            </p>
          ) : (
            <>
              <p className="muted">Browsers may clear site data when the disk runs low. Ask to keep it:</p>
              <button type="button" className="button button--small" data-testid="storage-persist" onClick={() => void requestPersist()} disabled={memory}>
                Make storage persistent
              </button>
            </>
          )}
        </div>
        <h3 className="card-subtitle">Offline</h3>
        <p className="storage-offline" data-testid="offline-status" data-state={offline}>
          <span className={`dot dot--${offline === 'ready' ? 'ok' : offline === 'error' ? 'bad' : 'idle'}`} aria-hidden="true" /> {OFFLINE_TEXT[offline]}
        </p>
      </section>
      <section className="card history-card" aria-labelledby="history-title">
        <h2 id="history-title" className="card-title">
          Training history
        </h2>
        {hasHistory ? (
          <>
            <p className="muted">The curves of this session’s {runState === 'training' ? 'current' : 'last'} run: loss and accuracy per plotted point, validation per epoch.</p>
            <button type="button" className="button button--small" data-testid="export-history" onClick={() => void exportHistory()}>
              <Icon name="download" size={16} />
              Export CSV
            </button>
          </>
        ) : (
          <p className="muted">Train a model to export its loss and accuracy curves as CSV. Finished runs are kept here across visits.</p>
        )}
        {runs.length > 0 && (
          <ul className="run-list" data-testid="run-history-list" aria-label="Stored training runs">
            {runs.slice(0, 8).map((r) => (
              <li key={r.id} className="run-row" data-testid="run-history" data-run-id={r.id}>
                <span className="run-row-text">
                  <span className="run-row-name" title={r.name}>
                    {ZOO[r.config.arch]?.name ?? r.name}
                  </span>
                  <span className="run-row-meta">
                    {WHEN.format(r.finishedAt)} · {r.stoppedEarly ? `stopped in epoch ${r.epochsDone + 1}` : `${r.epochsDone} epoch${r.epochsDone === 1 ? '' : 's'}`}
                    {r.testAccuracy !== null ? ` · ${(r.testAccuracy * 100).toFixed(2)}%` : ''}
                  </span>
                </span>
                <button type="button" className="button button--small button--ghost" data-testid="export-run-history" aria-label={`Export the history of ${r.name} as CSV`} onClick={() => void exportRunHistory(r)}>
                  <Icon name="download" size={16} />
                  CSV
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
