/** The offer to continue a checkpointed run (interrupted by a reload, or stopped), or to throw it away. */
import { useState } from 'react';
import { ZOO } from '../../shared/zoo';
import { useStore } from '../store';
import { runResultOf } from '../store/train';
import { trainController } from './controller';
import { formatInt } from './form';
import { isRunning } from './running';
import { showRun } from './TrainActions';

export function ResumeOffer() {
  const ckpt = useStore((s) => s.trainCheckpoint);
  const state = useStore((s) => s.trainRun.state);
  const stoppedHere = useStore((s) => runResultOf(s.trainRun)?.stoppedEarly === true);
  const [busy, setBusy] = useState(false);
  if (!ckpt || isRunning(state)) return null;

  const c = ckpt.config;
  const where = ckpt.batchesDone > 0 ? `at batch ${formatInt(ckpt.batchesDone)} of epoch ${ckpt.epochsDone + 1}` : `after epoch ${ckpt.epochsDone}`;
  const discard = async () => {
    setBusy(true);
    try {
      await trainController().discard();
    } catch {
      useStore.getState().pushAlert({ key: 'train', title: 'The checkpoint could not be removed', message: 'The browser refused to change its storage. Reloading the page may help.', code: 'storage' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="resume-offer" data-testid="train-resume-offer" aria-labelledby="resume-title">
      <div className="resume-icon" aria-hidden="true">
        <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
          <path d="M3 3v5h5" />
        </svg>
      </div>
      <div className="resume-text">
        <h2 id="resume-title" className="resume-title">
          {stoppedHere ? 'You stopped this run' : 'A run was interrupted'} {where} of {c.epochs}
        </h2>
        <p className="resume-detail">
          {ZOO[c.arch].name} · batch {c.batchSize} · learning rate {c.learningRate}. Resume continues with its weights and optimizer state; a new run replaces it.
        </p>
      </div>
      <div className="resume-actions">
        <button type="button" className="button button--primary" data-testid="train-resume" disabled={busy} onClick={() => {
            void trainController().start(true);
            showRun();
          }}>
          Resume
        </button>
        <button type="button" className="button button--ghost" data-testid="train-discard" disabled={busy} onClick={() => void discard()}>
          Discard
        </button>
      </div>
    </section>
  );
}
