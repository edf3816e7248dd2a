/** Teach's own drawing card: the shared canvas, a one-line answer and the label bar, to collect samples quickly. */
import { Icon } from '../common/Icon';
import { DrawCanvas } from '../draw/DrawCanvas';
import { useLivePredictor } from '../draw/useLivePredictor';
import { pctText } from '../draw/Probabilities';
import { isUnsure } from '../../shared/answer';
import { useStore } from '../store';
import { LabelBar } from './LabelBar';

export function CollectCard() {
  const { predictor, undo, clear } = useLivePredictor({ readOnMount: true });
  const hasStrokes = useStore((s) => s.strokes.length > 0);

  return (
    <section className="card teach-collect" aria-labelledby="collect-title">
      <div className="card-head">
        <h2 id="collect-title" className="card-title">
          Draw a sample
        </h2>
        <div className="toolbar" role="toolbar" aria-label="Drawing tools">
          <button type="button" className="button button--ghost teach-small-button" onClick={undo} disabled={!hasStrokes} title="Undo last stroke">
            <Icon name="undo" size={16} />
            <span>Undo</span>
          </button>
          <button type="button" className="button teach-small-button" onClick={clear} disabled={!hasStrokes} title="Clear the canvas">
            <Icon name="clear" size={16} />
            <span>Clear</span>
          </button>
        </div>
      </div>
      <div className="teach-canvas">
        <DrawCanvas onStrokeChange={() => predictor.changed()} onStrokeEnd={() => predictor.flush()} />
      </div>
      <MiniAnswer />
      <LabelBar compact />
    </section>
  );
}

function MiniAnswer() {
  const digit = useStore((s) => (s.strokes.length > 0 ? s.digit : null));
  const confidence = useStore((s) => (s.strokes.length > 0 ? s.confidence : null));
  const pending = useStore((s) => s.pending);
  const empty = useStore((s) => s.strokes.length === 0);
  const name = useStore((s) => s.modelName);
  const unsure = useStore((s) => isUnsure(s.probs));
  return (
    <p className="teach-mini-answer" aria-live="polite" data-pending={pending ? 'true' : 'false'}>
      {empty ? (
        <span className="muted">Draw one digit, then tell the network whether it read it right.</span>
      ) : digit === null || confidence === null ? (
        <span className="muted">Reading…</span>
      ) : (
        <>
          <span className="teach-mini-digit">{digit}</span>
          <span>
            {unsure ? <>{name ?? 'The model'} is not sure: best guess <strong>{digit}</strong></> : <>{name ?? 'The model'} reads {digit === 8 ? 'an' : 'a'} <strong>{digit}</strong></>} <span className="muted">({pctText(confidence)})</span>
          </span>
        </>
      )}
    </p>
  );
}
