/**
 * The big answer. Carries the `prediction` test hook: `data-digit`,
 * `data-pending` and `data-confidence` are written to the DOM synchronously
 * by a store subscription, so they are current the moment the pointer
 * handler that changed the drawing returns (React's own render follows).
 */
import { useLayoutEffect, useRef } from 'react';
import { useStore, type State } from '../store';
import { aDigit, isUnsure, topTwo } from '../../shared/answer';
import { pctText as pct } from './Probabilities';

function hookAttrs(s: Pick<State, 'digit' | 'pending' | 'confidence'> & { hasInk: boolean }) {
  const shown = s.hasInk && s.digit !== null;
  return {
    'data-digit': shown ? String(s.digit) : '',
    'data-pending': s.pending ? 'true' : 'false',
    'data-confidence': shown && s.confidence !== null ? String(s.confidence) : '',
  };
}

export function Answer() {
  const ref = useRef<HTMLDivElement>(null);
  const digit = useStore((s) => s.digit);
  const confidence = useStore((s) => s.confidence);
  const pending = useStore((s) => s.pending);
  const empty = useStore((s) => s.strokes.length === 0);
  const modelStatus = useStore((s) => s.modelStatus);
  const unsure = useStore((s) => isUnsure(s.probs));
  const runnerUp = useStore((s) => (s.probs ? topTwo(s.probs).second : -1));
  const runnerUpP = useStore((s) => (s.probs ? topTwo(s.probs).p2 : 0));

  useLayoutEffect(() => {
    const el = ref.current!;
    const apply = (s: State) => {
      for (const [name, value] of Object.entries(hookAttrs({ ...s, hasInk: s.strokes.length > 0 }))) {
        if (el.getAttribute(name) !== value) el.setAttribute(name, value);
      }
    };
    apply(useStore.getState());
    return useStore.subscribe(apply);
  }, []);

  const attrs = hookAttrs({ digit, pending, confidence, hasInk: !empty });

  let body;
  if (empty) {
    body = (
      <div className="answer-empty">
        <p className="answer-prompt">Draw a digit 0–9</p>
        <p className="muted">The network reads it as you draw.</p>
      </div>
    );
  } else if (digit === null || confidence === null) {
    body = (
      <div className="answer-empty">
        <p className="answer-prompt">
          {modelStatus === 'error' ? 'No model to read it' : modelStatus === 'ready' ? 'Reading…' : 'Loading the model…'}
        </p>
        <p className="muted">{modelStatus === 'error' ? 'You can keep drawing; see the message above.' : 'Your drawing is safe; the answer appears in a moment.'}</p>
      </div>
    );
  } else {
    body = (
      <div className={`answer-result${unsure ? ' answer-result--unsure' : ''}`}>
        <span className="answer-digit" aria-hidden="true">{digit}</span>
        <div className="answer-text">
          {unsure ? (
            <>
              <p className="answer-verdict">
                Not sure<span className="sr-only"> — </span>
              </p>
              <p className="answer-detail">
                best guess {digit} ({pct(confidence)}){runnerUp >= 0 && <>, then {runnerUp} ({pct(runnerUpP)})</>}
              </p>
            </>
          ) : (
            <>
              <p className="answer-verdict">
                It’s {aDigit(digit)}
                <span className="sr-only"> — </span>
              </p>
              <p className="answer-detail">{pct(confidence)} confident</p>
            </>
          )}
        </div>
      </div>
    );
  }

  return (
    <div ref={ref} className="answer" data-testid="prediction" {...attrs}>
      {body}
      <Announcer />
    </div>
  );
}

/** Screen-reader announcement of the settled answer only, not every live update. */
function Announcer() {
  const text = useStore((s) => {
    if (s.strokes.length === 0 || s.pending || s.digit === null || s.confidence === null) return '';
    return isUnsure(s.probs)
      ? `Not sure. Best guess ${s.digit}, ${pct(s.confidence)}.`
      : `The network reads ${s.digit}, ${pct(s.confidence)} confident.`;
  });
  return (
    <p className="sr-only" aria-live="polite">
      {text}
    </p>
  );
}
