/** Run setup: architecture and hyperparameters (the Train / Stop buttons sit with the run's status, in RunCard). */
import { useMemo } from 'react';
import { useStore } from '../store';
import { ArchPicker } from './ArchPicker';
import { parseForm, startingPoint } from './form';
import { Hyperparams } from './Hyperparams';
import { isRunning } from './running';

export function SetupCard() {
  const form = useStore((s) => s.trainForm);
  const state = useStore((s) => s.trainRun.state);
  const running = isRunning(state);
  const activeId = useStore((s) => s.modelId);
  const activeArch = useStore((s) => s.modelInfo?.arch);
  const parsed = useMemo(() => parseForm(form, undefined, startingPoint(activeId, activeArch)), [form, activeId, activeArch]);

  return (
    <section className="card train-setup" aria-labelledby="train-setup-title">
      <div className="card-head">
        <h2 id="train-setup-title" className="card-title">Set up a run</h2>
        {running && <span className="chip chip--muted">Locked while training</span>}
      </div>
      <ArchPicker disabled={running} />
      <Hyperparams disabled={running} parsed={parsed} />
    </section>
  );
}
