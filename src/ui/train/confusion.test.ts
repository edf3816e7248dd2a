import { describe, expect, it } from 'vitest';
import { blend, CARD_SURFACES, cellStyle, contrast } from './ConfusionMatrix';

const rgba = (s: string) => s.match(/rgb\((\d+) (\d+) (\d+) \/ ([\d.]+)\)/)!.slice(1).map(Number);
const ink = (c: string): [number, number, number] => (c === '#000' ? [0, 0, 0] : [255, 255, 255]);

describe('confusion matrix cells stay readable', () => {
  it('every count, on the diagonal or off it, has at least 4.5:1 contrast over either end of the card gradient', () => {
    let worst = Infinity;
    for (const diagonal of [true, false]) {
      for (let n = 1; n <= 1000; n += 3) {
        const st = cellStyle(n, 1000, diagonal);
        const [r, g, b, a] = rgba(st.background);
        for (const s of CARD_SURFACES) worst = Math.min(worst, contrast(ink(st.color), blend([r, g, b], a, s)));
      }
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
