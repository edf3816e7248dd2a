/** All ten probabilities as bars (top one highlighted), and the top three. */
import { useStore } from '../store';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Whole percents, never rounding a near-certainty up to "100%" or a tiny chance down to "0%". */
export const pctText = (p: number) => (p >= 1 ? '100%' : p >= 0.995 ? '>99%' : p <= 0 ? '0%' : p < 0.005 ? '<1%' : `${Math.round(p * 100)}%`);

export function TopThree() {
  const probs = useStore((s) => (s.strokes.length > 0 ? s.probs : null));
  // Without an answer the row keeps its height, unseen: the card (and the page) do not change height when the first
  // live answer comes mid-stroke or when the drawing is cleared, which re-rastered the page's decoration on a software GPU.
  if (!probs) {
    return (
      <ol className="top3 top3--empty" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="top3-item">
            <span className="top3-digit">0</span>
            <span className="top3-pct">0%</span>
          </li>
        ))}
      </ol>
    );
  }
  const top = DIGITS.slice()
    .sort((a, b) => probs[b] - probs[a])
    .slice(0, 3);
  return (
    <ol className="top3" aria-label="Top three guesses">
      {top.map((d, i) => (
        <li key={d} className={i === 0 ? 'top3-item top3-item--first' : 'top3-item'}>
          <span className="top3-digit">{d}</span>
          <span className="top3-pct">{pctText(probs[d])}</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * A bar's length, in steps of 0.2% (under a pixel of the track): a live answer
 * leaves alone the bars whose length does not visibly change (most sit near 0%),
 * so they are not repainted (on a software GPU, a repaint of the card is
 * what a pointer move waited for; BENCHMARKS.md "UI feel").
 */
export const barScale = (p: number) => Math.round(Math.max(0, Math.min(1, p)) * 500) / 500;

export function Probabilities() {
  const probs = useStore((s) => (s.strokes.length > 0 ? s.probs : null));
  // Pending flips with every move and every live answer mid-stroke; the bars keep one look while the pen is down.
  const pending = useStore((s) => s.pending || s.drawing);
  let best = -1;
  if (probs) for (const d of DIGITS) if (best < 0 || probs[d] > probs[best]) best = d;
  return (
    <ol className={`bars${pending ? ' bars--pending' : ''}`} aria-label="Probability of each digit">
      {DIGITS.map((d) => {
        const p = probs ? probs[d] : 0;
        const value = Math.round(p * 100);
        return (
          <li key={d} className={d === best ? 'bar bar--top' : 'bar'}>
            <span className="bar-digit" aria-hidden="true">{d}</span>
            <div
              className="bar-track"
              role="meter"
              aria-label={`Digit ${d}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={value}
              aria-valuetext={probs ? `${pctText(p)}` : 'no prediction'}
            >
              <div className="bar-fill" style={{ transform: `scaleX(${barScale(p)})` }} />
            </div>
            <span className="bar-pct" aria-hidden="true">{probs ? pctText(p) : '–'}</span>
          </li>
        );
      })}
    </ol>
  );
}
