/** A 10×10 confusion matrix: rows true, columns predicted; colour by share of the row (green diagonal, red mistakes). */
import { formatInt } from './form';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

type Rgb = [number, number, number];
/** The card's gradient ends, under the translucent cells. */
export const CARD_SURFACES: Rgb[] = [
  [24, 29, 58],
  [18, 22, 44],
];
const GREEN: Rgb = [63, 210, 154];
const RED: Rgb = [255, 107, 129];

/** WCAG contrast ratio of two colours. */
export function contrast(a: Rgb, b: Rgb): number {
  const lum = (c: Rgb) => c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `color` at opacity `a` over a card surface. */
export const blend = (color: Rgb, a: number, under: Rgb): Rgb => color.map((v, i) => v * a + under[i] * (1 - a)) as Rgb;

const inkContrast = (ink: Rgb, color: Rgb, a: number) => Math.min(...CARD_SURFACES.map((s) => contrast(ink, blend(color, a, s))));

/**
 * Black or white ink, whichever reads better on `color` at opacity `a` over
 * either end of the card's gradient; where neither reaches 4.8:1 (a narrow
 * band of mid tones) the opacity moves to the nearest one where one does.
 * 4.8, not AA's 4.5, because the results tabs' panel sits on a slightly
 * different surface (a cell read 4.41:1 there in e2e/a11y.spec.ts).
 */
export function readable(color: Rgb, a: number): { alpha: number; ink: '#000' | '#fff' } {
  for (let d = 0; d <= 0.2; d += 0.005) {
    for (const alpha of [a - d, a + d]) {
      if (alpha < 0 || alpha > 1) continue;
      const black = inkContrast([0, 0, 0], color, alpha);
      const white = inkContrast([255, 255, 255], color, alpha);
      if (Math.max(black, white) >= 4.8) return { alpha, ink: black > white ? '#000' : '#fff' };
    }
  }
  return { alpha: a, ink: '#fff' };
}

function cell(color: Rgb, a: number): { background: string; color: string } {
  const r = readable(color, a);
  return { background: `rgb(${color.join(' ')} / ${r.alpha.toFixed(3)})`, color: r.ink };
}

/** Cell colour: the diagonal by recall, mistakes by their share of the row (square-root, so rare ones still show). */
export function cellStyle(count: number, rowTotal: number, diagonal: boolean): { background: string; color: string } {
  const share = rowTotal > 0 ? count / rowTotal : 0;
  if (diagonal) {
    const a = 0.12 + 0.78 * share;
    return cell(GREEN, a);
  }
  if (count === 0) return { background: 'transparent', color: 'rgb(138 144 180 / 0.35)' };
  const a = Math.min(0.95, 0.14 + 2.2 * Math.sqrt(share));
  return cell(RED, a);
}

/** `testId` names the table (`train-confusion` for MNIST's test, `train-stroke-confusion` for the drawn digits); `of` names the set in its caption. */
export function ConfusionMatrix({ confusion, testId = 'train-confusion', of = 'test digits' }: { confusion: number[]; testId?: string; of?: string }) {
  const rowTotals = DIGITS.map((t) => DIGITS.reduce((sum, p) => sum + (confusion[t * 10 + p] ?? 0), 0));
  return (
    <div className="cm-wrap">
      <table className="cm" data-testid={testId}>
        <caption className="sr-only">Confusion matrix on the {of}: rows are true digits, columns predicted digits</caption>
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
