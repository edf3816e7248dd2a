/** All ten probabilities as bars (the Draw tab's look), for noise, dreams and codes. */
import { argmax } from './labels';

export function ProbBars({ probs, label }: { probs: Float32Array; label: string }) {
  const top = argmax(probs);
  return (
    <ol className="bars" aria-label={label}>
      {Array.from(probs, (p, d) => (
        <li key={d} className={`bar${d === top ? ' bar--top' : ''}`}>
          <span className="bar-digit">{d}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ transform: `scaleX(${Math.max(0, Math.min(1, p))})` }} />
          </span>
          <span className="bar-pct">{pct(p)}</span>
        </li>
      ))}
    </ol>
  );
}

/** "97.8%", "<0.1%". */
export function pct(p: number): string {
  if (p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(p > 0.995 && p < 1 ? 2 : 1)}%`;
}
