/**
 * Train and Stop, in the run's own card: the button and the run's progress
 * are always on screen together (1366×768, a projector, 150% zoom, a phone).
 */
import { useMemo } from 'react';
import { useStore } from '../store';
import { trainController } from './controller';
import { parseForm, startingPoint } from './form';
import { isRunning } from './running';
import { TrainEstimate } from './TrainEstimate';

export function TrainActions() {
  const form = useStore((s) => s.trainForm);
  const state = useStore((s) => s.trainRun.state);
  const running = isRunning(state);
  // The lab trains one run or one race at a time.
  const racing = useStore((s) => isRunning(s.raceState));
  // The lab worker answers the checkpoint question first: it is then up, and we know whether a run would replace one.
  const labReady = useStore((s) => s.trainCheckpointChecked);
  const activeId = useStore((s) => s.modelId);
  const activeArch = useStore((s) => s.modelInfo?.arch);
  const parsed = useMemo(() => parseForm(form, undefined, startingPoint(activeId, activeArch)), [form, activeId, activeArch]);

  return (
    <>
      <div className="train-actions">
        <button
          type="button"
          className="button button--primary train-go"
          data-testid="train-start"
          disabled={running || racing || !parsed.ok || !labReady}
          aria-describedby={!parsed.ok ? 'train-invalid' : undefined}
          onClick={() => void trainController().start(false)}
        >
          <PlayIcon />
          {!labReady && !running ? 'Starting the lab…' : state === 'done' || state === 'error' ? 'Train again' : 'Train'}
        </button>
        <button
          type="button"
          className="button train-stop"
          data-testid="train-stop"
          disabled={!running || state === 'stopping'}
          onClick={() => void trainController().stop()}
          title="Stops after the current batch, then tests and keeps the weights"
        >
          <StopIcon />
          {state === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {!running && <TrainEstimate config={parsed.ok ? parsed.config : null} disabled={!labReady} />}
      {!parsed.ok && !running && (
        <p id="train-invalid" className="train-invalid">
          Fix the highlighted {Object.keys(parsed.problems).length > 1 ? 'fields' : 'field'} in “Set up a run” to train.
        </p>
      )}
    </>
  );
}

function PlayIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M7 4.5v15l13-7.5z" fill="currentColor" />
    </svg>
  );
}

function StopIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="5" y="5" width="14" height="14" rx="2.5" fill="currentColor" />
    </svg>
  );
}

/** In the one-column layout the run card is below the form: bring it into view (resuming from the offer at the top). */
export function showRun(): void {
  if (!window.matchMedia('(max-width: 959px)').matches) return;
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.getElementById('run-title')?.closest('section')?.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
}
