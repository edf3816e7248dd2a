/**
 * The answer in one line right under the canvas, for phones, where the answer
 * card starts below the fold. Plain text: it changes with every prediction, so
 * no blur, shadow or transition.
 */
import { aDigit, isUnsure } from '../../shared/answer';
import { useStore } from '../store';
import { pctText as pct } from './Probabilities';

export function AnswerStrip() {
  const empty = useStore((s) => s.strokes.length === 0);
  const digit = useStore((s) => s.digit);
  const confidence = useStore((s) => s.confidence);
  const unsure = useStore((s) => isUnsure(s.probs));
  let text: string;
  if (empty) text = 'Draw a digit: the answer shows here.';
  else if (digit === null || confidence === null) text = 'Reading…';
  else text = unsure ? `Not sure: best guess ${digit} (${pct(confidence)})` : `It’s ${aDigit(digit)} · ${pct(confidence)}`;
  return (
    <p className={`answer-strip${unsure && !empty ? ' answer-strip--unsure' : ''}`} data-testid="answer-strip" aria-hidden="true">
      {!empty && digit !== null && <span className="answer-strip-digit">{digit}</span>}
      {text}
    </p>
  );
}
