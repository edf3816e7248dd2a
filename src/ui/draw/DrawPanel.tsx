/** The Draw section: canvas and tools on one side; the answer, all ten probabilities and the network's view on the other. */
import { useEffect } from 'react';
import { Icon } from '../common/Icon';
import { useStore } from '../store';
import { Answer } from './Answer';
import { AnswerStrip } from './AnswerStrip';
import { DrawCanvas } from './DrawCanvas';
import { useLivePredictor } from './useLivePredictor';
import { NetworkView } from './NetworkView';
import { Probabilities, TopThree } from './Probabilities';
import { SampleButton } from './SampleButton';
import { LabelBar } from '../samples/LabelBar';

export function DrawPanel() {
  const { predictor, undo, clear } = useLivePredictor();
  const hasStrokes = useStore((s) => s.strokes.length > 0);

  // Ctrl/Cmd+Z undoes the last stroke (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  return (
    <div className="draw-layout">
      <section className="card draw-card" aria-labelledby="draw-title">
        <div className="card-head">
          <h2 id="draw-title" className="card-title">Your digit</h2>
          <div className="toolbar" role="toolbar" aria-label="Drawing tools">
            <SampleButton onLoaded={() => predictor.flush()} />
            <button type="button" className="button button--ghost" onClick={undo} disabled={!hasStrokes} aria-keyshortcuts="Control+Z Meta+Z" title="Undo last stroke (Ctrl/⌘+Z)">
              <Icon name="undo" />
              <span>Undo</span>
            </button>
            <button type="button" className="button" data-testid="clear" onClick={clear} disabled={!hasStrokes} title="Clear the canvas">
              <Icon name="clear" />
              <span>Clear</span>
            </button>
          </div>
        </div>
        <DrawCanvas onStrokeChange={() => predictor.changed()} onStrokeEnd={() => predictor.flush()} />
        <AnswerStrip />
        <p className="hint">One digit, nice and big. Ctrl/⌘+Z undoes the last stroke; Sample writes one for you.</p>
        <div className="netview-inline" aria-labelledby="netview-title">
          <h3 id="netview-title" className="card-subtitle">What the network sees</h3>
          <NetworkView />
        </div>
      </section>

      <div className="results">
        <section className="card answer-card" aria-labelledby="answer-title">
          <h2 id="answer-title" className="card-title">The network says</h2>
          <Answer />
          <TopThree />
          <LabelBar />
          <h3 className="card-subtitle">Probability of each digit</h3>
          <Probabilities />
        </section>
      </div>
    </div>
  );
}
