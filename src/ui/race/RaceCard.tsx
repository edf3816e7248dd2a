/** Race two configurations: pick A and B, start, watch both curves draw in turns, stop or resume, and find both models in the library. */
import { useEffect, useMemo } from 'react';
import { ARCH_IDS, ZOO } from '../../shared/zoo';
import type { ArchId } from '../../shared/types';
import { useStore } from '../store';
import { isRunning } from '../train/running';
import { formatInt, formatPct } from '../train/form';
import { RUN_COLORS } from '../compare/CompareChart';
import type { OverlayRun } from '../compare/overlay';
import { raceController } from './controller';
import { RaceChart } from './RaceChart';
import './race.css';

const SIDE = ['A', 'B'] as const;

export function RaceCard() {
  const form = useStore((s) => s.raceForm);
  const setForm = useStore((s) => s.setRaceForm);
  const state = useStore((s) => s.raceState);
  const sides = useStore((s) => s.raceSides);
  const checkpoint = useStore((s) => s.raceCheckpoint);
  const trainState = useStore((s) => s.trainRun.state);
  const labReady = useStore((s) => s.trainCheckpointChecked);
  const running = isRunning(state);
  const blocker = useMemo(() => raceController().blocker(), [form]);

  useEffect(() => {
    if (!raceController().busy) void raceController().checkCheckpoint();
  }, []);

  const runs = useMemo(
    (): [OverlayRun, OverlayRun] => {
      const one = (k: number): OverlayRun => ({ key: k ? 'b' : 'a', curve: sides[k].curve, batchSize: sides[k].config?.batchSize ?? 1, bucket: 1, clock: sides[k].clock, wallTimeSec: 0 });
      return [one(0), one(1)];
    },
    [sides],
  );
  const names = sides.map((s, k) => `${SIDE[k]}: ${s.config ? ZOO[s.config.arch].name : ZOO[form.arch[k]].name}`) as [string, string];
  const setArch = (k: number, arch: ArchId) => {
    const a = [...form.arch] as [ArchId, ArchId];
    const lr = [...form.lr] as [string, string];
    a[k] = arch;
    lr[k] = String(ZOO[arch].recipe.learningRate);
    setForm({ arch: a, lr });
  };
  const setLr = (k: number, v: string) => {
    const lr = [...form.lr] as [string, string];
    lr[k] = v;
    setForm({ lr });
  };

  return (
    <section className="card race-card" data-testid="train-race" data-state={state} aria-labelledby="race-title">
      <div className="card-head">
        <h2 id="race-title" className="card-title">
          Race two models
        </h2>
      </div>
      <p className="muted race-intro">Both train in the lab at once, taking turns batch by batch on the same images in the same order, so at every moment they have seen the same data.</p>
      <fieldset className="race-form" disabled={running}>
        {SIDE.map((name, k) => (
          <div key={name} className="race-side">
            <span className="race-side-name" style={{ color: RUN_COLORS[k] }}>
              {name}
            </span>
            <select aria-label={`Architecture ${name}`} data-testid={`race-arch-${name.toLowerCase()}`} value={form.arch[k]} onChange={(e) => setArch(k, e.target.value as ArchId)}>
              {ARCH_IDS.map((id) => (
                <option key={id} value={id}>
                  {ZOO[id].name}
                </option>
              ))}
            </select>
            <label>
              Learning rate
              <input inputMode="decimal" data-testid={`race-lr-${name.toLowerCase()}`} value={form.lr[k]} onChange={(e) => setLr(k, e.target.value)} />
            </label>
          </div>
        ))}
        <div className="race-shared">
          <label>
            Batch size (both)
            <input inputMode="numeric" data-testid="race-batch-size" value={form.batchSize} onChange={(e) => setForm({ batchSize: e.target.value })} />
          </label>
          <label>
            Epochs
            <input inputMode="numeric" data-testid="race-epochs" value={form.epochs} onChange={(e) => setForm({ epochs: e.target.value })} />
          </label>
        </div>
      </fieldset>
      {blocker && !running && (
        <p className="race-blocker" role="alert" data-testid="race-blocker">
          {blocker}
        </p>
      )}
      <div className="race-actions">
        <button type="button" className="button button--primary" data-testid="race-start" disabled={running || !!blocker || !labReady || isRunning(trainState)} onClick={() => void raceController().start(false)}>
          Start race
        </button>
        <button type="button" className="button" data-testid="race-stop" disabled={!running || state === 'stopping'} onClick={() => void raceController().stop()}>
          Stop both
        </button>
        {checkpoint && !running && (
          <>
            <button type="button" className="button" data-testid="race-resume" onClick={() => void raceController().start(true)}>
              Resume the race
            </button>
            <button type="button" className="button button--ghost" data-testid="race-discard" onClick={() => void raceController().discard()}>
              Discard it
            </button>
          </>
        )}
      </div>
      {(running || state === 'done' || sides.some((s) => s.curve.length > 0)) && (
        <>
          <dl className="race-stats">
            {sides.map((s, k) => (
              <div key={k} className="race-stat" data-testid={`race-side-${SIDE[k].toLowerCase()}`} data-batches={s.stats?.batches ?? 0} data-model={s.result?.model.id ?? ''}>
                <dt style={{ color: RUN_COLORS[k] }}>{names[k]}</dt>
                <dd>
                  {formatInt(s.stats?.batches ?? 0)} batches · {formatInt(s.stats?.samplesPerSec ?? 0)} images/s
                  {s.result && ` · test ${formatPct(s.result.test?.accuracy ?? null, 2)} · saved to the library`}
                  {s.error && ` · ${s.error}`}
                </dd>
              </div>
            ))}
          </dl>
          <div className="race-charts">
            <RaceChart kind="loss" sides={runs} names={names} />
            <RaceChart kind="acc" sides={runs} names={names} />
          </div>
        </>
      )}
    </section>
  );
}
