/** Teach's own drawing card: the shared canvas, a one-line answer and the label bar, to collect samples quickly. */
import { useCallback, useEffect, useMemo } from 'react';
import { getBridge } from '../bridge';
import { Icon } from '../common/Icon';
import { DrawCanvas } from '../draw/DrawCanvas';
import { LivePredictor } from '../draw/livePredict';
import { pctText } from '../draw/Probabilities';
import { isUnsure } from '../../shared/answer';
import { useStore } from '../store';
import { LabelBar } from './LabelBar';

export function CollectCard() {
  const predictor = useMemo(() => new LivePredictor({ predict: (image) => getBridge().predictLatest(image), store: useStore.getState }), []);
  const hasStrokes = useStore((s) => s.strokes.length > 0);
  const modelReady = useStore((s) => s.modelReady);
  const modelVersion = useStore((s) => s.modelVersion);
  const modelId = useStore((s) => s.modelId);

  const undo = useCallback(() => {
    useStore.getState().undo();
    if (useStore.getState().strokes.length > 0) predictor.flush();
    else predictor.cancel();
  }, [predictor]);
  const clear = () => {
    predictor.cancel();
    useStore.getState().clear();
  };

  // New weights (a quick step, a fine-tune, a reset) re-read what is on the canvas.
  useEffect(() => {
    const s = useStore.getState();
    if (!modelReady || s.strokes.length === 0 || s.pending) return;
    if (s.predictedBy === `${modelId}@${modelVersion}`) return;
    s.predictionStale();
    predictor.flush();
  }, [modelReady, modelId, modelVersion, predictor]);

  // The drawing may have been made in the Draw section: read it here too.
  useEffect(() => {
    if (useStore.getState().strokes.length > 0) predictor.flush();
    return () => predictor.cancel();
  }, [predictor]);

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
