/** The run at a glance: state, data loading, epoch and batch progress, speed and ETA. Carries the `train-status` hook. */
import type { TrainProgress } from '../../shared/types';
import { ZOO } from '../../shared/zoo';
import { StatusBadge, toneOf } from '../common/StatusBadge';
import { useStore } from '../store';
import { runConfigOf, runErrorOf, runResultOf, type TrainState, type TrainStats } from '../store/train';
import { formatDuration, formatInt, formatPct } from './form';
import { TEST_IMAGES, VAL_IMAGES } from './running';
import { useRaceStatus } from '../race/status';
import { TrainActions } from './TrainActions';

const STATE_LABEL: Record<TrainState, string> = {
  idle: 'Ready',
  loading: 'Loading data',
  training: 'Training',
  stopping: 'Stopping',
  done: 'Done',
  error: 'Error',
};

const PHASE_TEXT: Record<TrainProgress['phase'], string> = {
  'loading-data': 'Loading the MNIST images onto the GPU',
  training: 'Training',
  validating: `Checking on ${formatInt(VAL_IMAGES)} validation images`,
  testing: `Testing on ${formatInt(TEST_IMAGES)} unseen test images`,
  saving: 'Saving the weights',
};

export function RunCard() {
  const state = useStore((s) => s.trainRun.state);
  const stats = useStore((s) => s.trainStats);
  const config = useStore((s) => runConfigOf(s.trainRun));
  const result = useStore((s) => runResultOf(s.trainRun));
  const error = useStore((s) => runErrorOf(s.trainRun));
  const last = useStore((s) => s.trainCurve.at(-1));
  const lastVal = useStore((s) => s.trainVal.at(-1));
  const race = useRaceStatus();

  const headline = (() => {
    const name = config ? ZOO[config.arch].name : null;
    switch (state) {
      case 'idle':
        return 'Pick an architecture and press Train. Training runs in a background worker, so you can keep drawing meanwhile.';
      case 'loading':
        return `${name}: ${PHASE_TEXT['loading-data'].toLowerCase()}…`;
      case 'training':
        return `${name}: ${stats ? PHASE_TEXT[stats.phase].toLowerCase() : 'starting'}…`;
      case 'stopping':
        return stats && (stats.phase === 'testing' || stats.phase === 'saving') ? `Stopping: ${PHASE_TEXT[stats.phase].toLowerCase()}…` : 'Stopping after this batch, then testing what it has learned…';
      case 'done':
        if (!result) return 'Done.';
        return result.stoppedEarly
          ? `Stopped in epoch ${result.epochsDone + 1} after ${formatInt(stats?.batches ?? 0)} batches (${formatInt(result.samplesSeen)} images) in ${formatDuration(result.wallTimeSec)}. The weights are kept.`
          : `Finished ${epochText(result.epochsDone)} in ${formatDuration(result.wallTimeSec)}.`;
      case 'error':
        return error ?? 'Training failed.';
    }
  })();

  const s: TrainStats | null = stats;
  const bpe = s?.batchesPerEpoch ?? 0;
  const totalSteps = s && bpe ? s.epochs * bpe : 0;
  const inEpoch = s && bpe ? Math.min(bpe, s.step - s.epoch * bpe) : 0;
  const loadingShown = s?.total !== undefined && s.loaded !== undefined;
  const showProgress = state !== 'idle' && s !== null;

  return (
    <section
      className="card run-card"
      data-testid="train-status"
      data-state={race?.state ?? state}
      data-batches={race ? race.batches[0] + race.batches[1] : (s?.batches ?? 0)}
      data-samples-per-sec={Math.round(race ? race.samplesPerSec : (s?.samplesPerSec ?? 0))}
      data-race={race ? 'true' : undefined}
      data-batches-a={race?.batches[0]}
      data-batches-b={race?.batches[1]}
      data-phase={s?.phase ?? ''}
      aria-labelledby="run-title"
    >
      <div className="card-head">
        <h2 id="run-title" className="card-title">
          Run
        </h2>
        <StatusBadge tone={toneOf(race?.state ?? state)}>{STATE_LABEL[race?.state ?? state]}</StatusBadge>
      </div>
      <p className="run-headline" aria-live="polite">
        {race?.text ?? headline}
      </p>
      <TrainActions />

      {showProgress && (
        <div className="run-bars">
          {loadingShown && (
            <Bar
              label={s.loaded! >= s.total! ? 'Training images on the GPU' : 'Loading training images'}
              value={s.loaded!}
              max={s.total!}
              right={`${formatInt(s.loaded!)} / ${formatInt(s.total!)}`}
              tone={s.loaded! >= s.total! ? 'done' : 'data'}
            />
          )}
          {s.phase === 'testing' && s.testTotal !== undefined && s.tested !== undefined && (
            <Bar label={s.testSet === 'strokes' ? 'Testing on held-out drawn digits' : 'Testing on unseen scans (MNIST)'} value={s.tested} max={s.testTotal} right={`${formatInt(s.tested)} / ${formatInt(s.testTotal)}`} tone="data" />
          )}
          {bpe > 0 && (
            <>
              <Bar label={`Epoch ${Math.min(s.epoch + 1, s.epochs)} of ${s.epochs}`} value={s.step} max={totalSteps} right={formatPct(totalSteps ? s.step / totalSteps : 0, 0)} tone="run" />
              <Bar label={`Batch ${formatInt(inEpoch)} of ${formatInt(bpe)} in this epoch`} value={inEpoch} max={bpe} right={formatPct(inEpoch / bpe, 0)} tone="epoch" />
            </>
          )}
        </div>
      )}

      <dl className="stat-grid">
        <Stat label="Samples / s" value={s && s.samplesPerSec > 0 ? formatInt(s.samplesPerSec) : '–'} />
        <Stat label="Time left" value={state === 'training' || state === 'loading' ? formatDuration(s?.etaSec) : '–'} />
        <Stat label="Train loss" value={last ? last.lossEma.toFixed(3) : '–'} hint="smoothed" />
        <Stat label="Train accuracy" value={last ? formatPct(last.accEma) : '–'} hint="smoothed" />
        <Stat label="Val accuracy" value={lastVal ? formatPct(lastVal.acc, 2) : '–'} hint={lastVal ? `after epoch ${lastVal.epoch}` : 'after each epoch'} accent />
        <Stat label="Learning rate" value={s && s.lr > 0 ? formatLr(s.lr) : '–'} hint={lrHint(config?.schedule, totalSteps ? s!.step / totalSteps : null)} title={config?.schedule === 'one-cycle' ? LR_WARMUP : undefined} />
      </dl>
    </section>
  );
}

const LR_WARMUP =
  'One-cycle schedule: for the first quarter of the run the step size rises from 1/25 of its peak to the peak (a warm-up, so the first, wild gradients do not knock the fresh weights about), then it eases down to almost nothing so the weights settle.';

/** What the learning rate is doing now, in words. */
function lrHint(schedule: 'one-cycle' | 'constant' | undefined, frac: number | null): string | undefined {
  if (!schedule) return undefined;
  if (schedule === 'constant') return 'constant';
  if (frac === null) return 'warm-up, then down';
  return frac < 0.25 ? 'warming up: rising to its peak' : 'past the peak: easing down';
}

const epochText = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

function formatLr(lr: number): string {
  return lr >= 0.01 ? lr.toFixed(3).replace(/0+$/, '').replace(/\.$/, '') : lr.toExponential(1);
}

function Bar({ label, value, max, right, tone }: { label: string; value: number; max: number; right: string; tone: 'data' | 'done' | 'run' | 'epoch' }) {
  const frac = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return (
    <div className={`pbar pbar--${tone}`}>
      <div className="pbar-text">
        <span>{label}</span>
        <span className="pbar-right">{right}</span>
      </div>
      <div className="pbar-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.round(value)}>
        <div className="pbar-fill" style={{ transform: `scaleX(${frac})` }} />
      </div>
    </div>
  );
}

function Stat({ label, value, hint, accent, title }: { label: string; value: string; hint?: string; accent?: boolean; title?: string }) {
  return (
    <div className={accent ? 'stat stat--accent' : 'stat'} title={title}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {hint && <span className="stat-hint">{hint}</span>}
      </dd>
    </div>
  );
}
