/**
 * A run in progress, shown in the Train tab from every section: "training 34%"
 * (or loading, stopping), so a class switching to Draw still sees it going.
 */
import { useStore } from '../store';

export function RunIndicator() {
  const state = useStore((s) => s.trainRun.state);
  const pct = useStore((s) => {
    const st = s.trainStats;
    if (!st || !st.batchesPerEpoch || !st.epochs) return null;
    return Math.min(100, Math.floor((100 * st.step) / (st.epochs * st.batchesPerEpoch)));
  });
  if (state !== 'loading' && state !== 'training' && state !== 'stopping') return null;
  const text = state === 'loading' ? 'loading' : state === 'stopping' ? 'stopping' : pct === null ? 'training' : `${pct}%`;
  return (
    <span className={`run-indicator run-indicator--${state}`} data-testid="run-indicator" data-state={state}>
      <span className="run-indicator-dot" aria-hidden="true" />
      <span className="sr-only">, a run is </span>
      {state === 'training' && pct !== null ? <><span className="sr-only">training, </span>{text}</> : text}
    </span>
  );
}
