/**
 * Compare runs: pick stored runs (and the one in progress), see their curves
 * overlaid by images seen or by seconds, and their settings and results side
 * by side with the differences marked. The pick survives reloads.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { runConfigOf, runResultOf } from '../store/train';
import { kv } from '../storage/kv';
import { runsStore } from '../train/runs';
import { formatDuration } from '../train/form';
import { CompareChart, RUN_COLORS } from './CompareChart';
import { CompareTable } from './CompareTable';
import { exportCompareCsv, exportComparePng } from './exportCompare';
import { overlay, type CompareAxis } from './overlay';
import { fromLive, loadRuns, type CompareRun, type DamagedRun } from './runs';
import './compare.css';

/** Most runs on one chart (one colour each). */
export const MAX_PICKED = RUN_COLORS.length;

interface Saved {
  picked: string[] | null;
  axis: CompareAxis;
}

const prefs = () => kv<Saved>('compare');
const WHEN = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function CompareCard() {
  const revision = useStore((s) => s.trainRunsRevision);
  const [stored, setStored] = useState<{ runs: CompareRun[]; damaged: DamagedRun[]; error: string | null } | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const chartsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void prefs()
      .get('prefs', { picked: null, axis: 'samples' })
      .then(setSaved);
  }, []);
  useEffect(() => {
    let live = true;
    loadRuns(runsStore()).then(
      (r) => live && setStored({ ...r, error: null }),
      (e: unknown) => live && setStored({ runs: [], damaged: [], error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [revision]);

  const config = useStore((s) => runConfigOf(s.trainRun));
  const curve = useStore((s) => s.trainCurve);
  const bucket = useStore((s) => s.trainBucket);
  const clock = useStore((s) => s.trainClock);
  const state = useStore((s) => s.trainRun.state);
  const resultId = useStore((s) => runResultOf(s.trainRun)?.model.id ?? null);
  const running = state === 'loading' || state === 'training' || state === 'stopping';
  const storedIds = useMemo(() => new Set(stored?.runs.map((r) => r.key)), [stored]);
  // The run on the dashboard, unless it is already in the history.
  const current = useMemo(
    () => (running || !resultId || !storedIds.has(resultId) ? fromLive({ config, curve, bucket, clock, running, resultId, samplesPerSec: 0 }) : null),
    [config, curve, bucket, clock, running, resultId, storedIds],
  );
  const options = useMemo(() => (current ? [current, ...(stored?.runs ?? [])] : (stored?.runs ?? [])), [current, stored]);

  // Until the user picks, the two newest.
  const picked = useMemo(() => {
    const ids = saved?.picked ?? options.slice(0, 2).map((r) => r.key);
    return ids.filter((id) => options.some((r) => r.key === id)).slice(0, MAX_PICKED);
  }, [saved, options]);
  const axis = saved?.axis ?? 'samples';
  const runs = useMemo(() => picked.map((id) => options.find((r) => r.key === id)!), [picked, options]);
  const rows = useMemo(() => overlay(runs, axis), [runs, axis]);
  const chartRuns = useMemo(() => runs.map((r) => ({ key: r.key, name: r.name })), [runs]);

  const save = (next: Saved) => {
    setSaved(next);
    // Best effort: a pick that cannot be stored still works for this visit.
    prefs().set('prefs', next).catch(() => undefined);
  };
  const toggle = (id: string, on: boolean) => save({ axis, picked: on ? [...picked, id].slice(-MAX_PICKED) : picked.filter((p) => p !== id) });

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    setExportError(null);
    try {
      await f();
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const legend = runs.map((r, i) => ({ name: r.name, color: RUN_COLORS[i % RUN_COLORS.length] }));

  return (
    <section className="card compare-card" data-testid="compare-runs" data-picked={runs.length} aria-labelledby="compare-title">
      <div className="card-head">
        <h2 id="compare-title" className="card-title">
          Compare runs
        </h2>
        <div className="toolbar">
          <div className="compare-axis" role="radiogroup" aria-label="Horizontal axis">
            {(['samples', 'time'] as const).map((a) => (
              <button key={a} type="button" role="radio" aria-checked={axis === a} className={axis === a ? "compare-seg compare-seg--on" : "compare-seg"} data-testid={`compare-axis-${a}`} onClick={() => save({ picked, axis: a })}>
                {a === 'samples' ? 'Images seen' : 'Wall time'}
              </button>
            ))}
          </div>
          <button type="button" className="button button--small" data-testid="compare-export-csv" disabled={runs.length === 0 || busy !== null} onClick={() => void run('csv', () => exportCompareCsv(runs))}>
            CSV
          </button>
          <button type="button" className="button button--small" data-testid="compare-export-png" disabled={runs.length === 0 || busy !== null} onClick={() => void run('png', () => exportComparePng([...(chartsRef.current?.querySelectorAll<HTMLElement>('figure') ?? [])], legend))}>
            {busy === 'png' ? 'Drawing…' : 'PNG'}
          </button>
        </div>
      </div>
      {exportError && (
        <p className="compare-error" role="alert">
          The comparison could not be exported: {exportError}
        </p>
      )}
      {stored?.error && (
        <p className="compare-error" role="alert">
          The run history could not be read: {stored.error}
        </p>
      )}
      {options.length === 0 && (stored?.damaged.length ?? 0) === 0 ? (
        <p className="muted">{stored ? 'Finished runs are kept here. Train two models (or one twice with other settings) and compare their curves side by side.' : 'Reading the run history…'}</p>
      ) : (
        <ul className="compare-options" aria-label="Runs to compare">
          {options.map((r) => {
            const i = picked.indexOf(r.key);
            return (
              <li key={r.key}>
                <label className="compare-option" data-testid="compare-run-option" data-run-id={r.key}>
                  <input type="checkbox" checked={i >= 0} disabled={i < 0 && picked.length >= MAX_PICKED} onChange={(e) => toggle(r.key, e.target.checked)} />
                  <span className="compare-swatch" style={{ background: i >= 0 ? RUN_COLORS[i] : 'transparent' }} aria-hidden="true" />
                  <span className="compare-option-name">{r.name}</span>
                  <span className="compare-option-meta">
                    {r.live ? (running ? 'in progress' : 'not stored yet') : `${WHEN.format(r.finishedAt!)} · ${formatDuration(r.wallTimeSec)}`}
                    {r.testAccuracy !== null ? ` · ${(r.testAccuracy * 100).toFixed(2)}%` : ''}
                  </span>
                </label>
              </li>
            );
          })}
          {stored?.damaged.map((d) => (
            <li key={d.id} className="compare-option compare-option--damaged" data-testid="compare-run-damaged" data-run-id={d.id}>
              <span className="compare-option-name">{d.name}</span>
              <span className="compare-option-meta">Damaged history, skipped: {d.why}.</span>
            </li>
          ))}
        </ul>
      )}
      {runs.length > 0 && (
        <>
          <div className="compare-charts" ref={chartsRef}>
            <CompareChart kind="loss" rows={rows} runs={chartRuns} axis={axis} />
            <CompareChart kind="acc" rows={rows} runs={chartRuns} axis={axis} />
          </div>
          {axis === 'time' && runs.some((r) => !r.timed) && <p className="muted compare-note">Runs stored before wall time was recorded per point are spread evenly over their total time.</p>}
          <CompareTable runs={runs} />
        </>
      )}
    </section>
  );
}
