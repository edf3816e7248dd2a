/** Fine-tuning: what it will do, its few settings, the button (or why not), progress with a loss curve, and the before/after table. */
import { heldOutSplit } from '../../shared/samples';
import { untunedName } from '../../shared/tuned-name';
import type { FineTunePhase } from '../../shared/teach-types';
import { StatusBadge, toneOf } from '../common/StatusBadge';
import { useStore } from '../store';
import type { TuneState } from '../store/samples';
import { autoSteps, teachController, tuneBlocker, VARIANTS_PER_SAMPLE } from './controller';
import { LossChart } from './LossChart';
import { ScoreTable } from './ScoreTable';

const STATE_LABEL: Record<TuneState, string> = { idle: 'Ready', running: 'Fine-tuning', stopping: 'Stopping', done: 'Done', error: 'Error' };
const PHASE_LABEL: Record<FineTunePhase, string> = {
  preparing: 'Drawing each sample 72 ways and loading MNIST',
  'measuring-before': 'Measuring the original model',
  training: 'Training',
  'measuring-after': 'Measuring the fine-tuned model',
  saving: 'Saving the weights',
};

const fmt = (n: number) => n.toLocaleString('en-US');

export function TuneCard() {
  const samples = useStore((s) => s.samples);
  const blocker = useStore((s) => tuneBlocker(s));
  const state = useStore((s) => s.tuneState);
  const phase = useStore((s) => s.tunePhase);
  const step = useStore((s) => s.tuneStep);
  const steps = useStore((s) => s.tuneSteps);
  const speed = useStore((s) => s.tuneSpeed);
  const variants = useStore((s) => s.tuneVariants);
  const settings = useStore((s) => s.tuneSettings);
  const result = useStore((s) => s.tuneResult);
  const error = useStore((s) => s.tuneError);
  const modelName = useStore((s) => s.modelName);
  const c = teachController();
  const { train, heldOut } = heldOutSplit(samples);
  const auto = autoSteps(train.length, settings.replayRatio);
  const running = state === 'running' || state === 'stopping';
  const frac = steps > 0 ? Math.min(1, step / steps) : 0;

  return (
    <section className="card teach-tune" aria-labelledby="tune-title" data-testid="tune-status" data-state={state} data-step={step} data-phase={phase ?? ''}>
      <div className="card-head">
        <h2 id="tune-title" className="card-title">
          Fine-tune to your handwriting
        </h2>
        <StatusBadge tone={toneOf(state)}>{STATE_LABEL[state]}</StatusBadge>
      </div>

      <p className="teach-lede">
        Trains <strong>{c.baseId() === 'default' ? 'the shipped model' : ((modelName ? untunedName(modelName) : null) ?? 'the model')}</strong> on{' '}
        {train.length > 0 ? <strong>{train.length} of your drawings</strong> : 'your drawings'}, each drawn {VARIANTS_PER_SAMPLE} ways (rotated, squeezed, shifted,
        thinner and bolder), mixed with MNIST digits so it keeps what it knew.{' '}
        {heldOut.length > 0 ? (
          <>
            {heldOut.length} of your samples {heldOut.length === 1 ? 'is' : 'are'} held out to test it (spread over time; never the newest, which it learns).
          </>
        ) : (
          <>From 5 samples on, a fifth of them are held out to test it (never the newest).</>
        )}
      </p>

      <div className="teach-settings">
        <label className="teach-field teach-field--wide">
          <span className="teach-field-label">
            MNIST replay <span className="teach-field-value">{Math.round(settings.replayRatio * 100)}% of each batch</span>
          </span>
          <input
            type="range"
            min={0}
            max={90}
            step={10}
            value={Math.round(settings.replayRatio * 100)}
            disabled={running}
            data-testid="tune-replay"
            onChange={(e) => c.setSettings({ replayRatio: Number(e.target.value) / 100 })}
          />
          <span className="teach-field-hint">More replay forgets less MNIST; less learns your style faster.</span>
        </label>
        <label className="teach-field">
          <span className="teach-field-label">Steps</span>
          <select value={settings.steps ?? 'auto'} disabled={running} data-testid="tune-steps" onChange={(e) => c.setSettings({ steps: e.target.value === 'auto' ? null : Number(e.target.value) })}>
            <option value="auto">Automatic ({auto})</option>
            {[30, 60, 120, 200, 300].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="teach-field">
          <span className="teach-field-label">Measure on</span>
          <select value={settings.mnistTestLimit} disabled={running} data-testid="tune-mnist-limit" onChange={(e) => c.setSettings({ mnistTestLimit: Number(e.target.value) })}>
            <option value={1000}>1,000 MNIST + 1,000 drawn digits</option>
            <option value={2000}>2,000 MNIST + 2,000 drawn digits</option>
            <option value={10000}>all 10,000 MNIST + 2,500 drawn</option>
          </select>
        </label>
        <details className="teach-more">
          <summary>More settings</summary>
          <div className="teach-more-body">
            <label className="teach-field">
              <span className="teach-field-label">Learning rate</span>
              <select value={settings.learningRate} disabled={running} onChange={(e) => c.setSettings({ learningRate: Number(e.target.value) })}>
                <option value={0.0001}>0.0001 (gentle)</option>
                <option value={0.0003}>0.0003 (default)</option>
                <option value={0.001}>0.001 (fast)</option>
              </select>
            </label>
            <label className="teach-field">
              <span className="teach-field-label">Batch norm</span>
              <select value={settings.batchNorm} disabled={running} onChange={(e) => c.setSettings({ batchNorm: e.target.value as 'inference' | 'train' })}>
                <option value="train">Update from the batches</option>
                <option value="inference">Keep MNIST statistics</option>
              </select>
            </label>
          </div>
        </details>
      </div>

      <div className="teach-actions">
        {running ? (
          <button type="button" className="button teach-stop" data-testid="tune-stop" disabled={state === 'stopping'} onClick={() => void c.stop()}>
            {state === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="button" className="button teach-primary" data-testid="tune-start" disabled={blocker !== null} onClick={() => void c.fineTune()}>
            Fine-tune on {samples.length > 0 ? `${train.length} sample${train.length === 1 ? '' : 's'}` : 'your samples'}
          </button>
        )}
        {!running && blocker && (
          <p className="teach-reason" data-testid="tune-disabled-reason">
            {blocker}
          </p>
        )}
        {running && (
          <p className="teach-reason" aria-live="polite">
            {phase ? PHASE_LABEL[phase] : 'Starting'}
            {phase === 'training' && speed > 0 ? ` · ${fmt(Math.round(speed))} images/s` : ''}
            {variants > 0 ? ` · ${fmt(variants)} variants of your drawings` : ''}
          </p>
        )}
      </div>

      {(running || (state === 'done' && steps > 0) || state === 'error') && (
        <div className="teach-progress">
          <div className="teach-pbar-text">
            <span>
              Step {fmt(step)} of {fmt(steps)}
            </span>
            <span className="teach-pbar-right">{Math.round(frac * 100)}%</span>
          </div>
          <div className="teach-pbar" role="progressbar" aria-label="Fine-tuning steps" aria-valuemin={0} aria-valuemax={steps} aria-valuenow={step}>
            <div className="teach-pbar-fill" style={{ transform: `scaleX(${frac})` }} />
          </div>
        </div>
      )}

      <LossChart />

      {state === 'error' && error && <p className="teach-error">{error}</p>}
      {result && <ScoreTable result={result} />}
    </section>
  );
}
