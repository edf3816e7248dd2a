/** A 10×10 confusion matrix: rows true, columns predicted; colour by share of the row (green diagonal, red mistakes). */
import { formatInt } from './form';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Cell colour: the diagonal by recall, mistakes by their share of the row (square-root, so rare ones still show). */
export function cellStyle(count: number, rowTotal: number, diagonal: boolean): { background: string; color: string } {
  const share = rowTotal > 0 ? count / rowTotal : 0;
  if (diagonal) {
    const a = 0.12 + 0.78 * share;
    return { background: `rgb(63 210 154 / ${a.toFixed(3)})`, color: a > 0.5 ? '#04130d' : 'var(--text)' };
  }
  if (count === 0) return { background: 'transparent', color: 'rgb(138 144 180 / 0.35)' };
  const a = Math.min(0.95, 0.14 + 2.2 * Math.sqrt(share));
  return { background: `rgb(255 107 129 / ${a.toFixed(3)})`, color: a > 0.6 ? '#1a0508' : 'var(--text)' };
}

export function ConfusionMatrix({ confusion }: { confusion: number[] }) {
  const rowTotals = DIGITS.map((t) => DIGITS.reduce((sum, p) => sum + (confusion[t * 10 + p] ?? 0), 0));
  return (
    <div className="cm-wrap">
      <table className="cm" data-testid="train-confusion">
        <caption className="sr-only">Confusion matrix: rows are true digits, columns predicted digits</caption>
        <thead>
          <tr>
            <th className="cm-corner" scope="col">
              <span className="cm-axis cm-axis--pred">predicted →</span>
              <span className="cm-axis cm-axis--true">true ↓</span>
            </th>
            {DIGITS.map((p) => (
              <th key={p} scope="col">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DIGITS.map((t) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              {DIGITS.map((p) => {
                const n = confusion[t * 10 + p] ?? 0;
                const share = rowTotals[t] ? n / rowTotals[t] : 0;
                return (
                  <td key={p} className={n >= 1000 ? 'cm-wide' : undefined} style={cellStyle(n, rowTotals[t], t === p)} title={`True ${t}, predicted ${p}: ${formatInt(n)} (${(share * 100).toFixed(1)}% of the ${t}s)`}>
                    {n > 0 ? n : '·'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
