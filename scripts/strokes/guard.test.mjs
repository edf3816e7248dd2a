import { describe, expect, it } from 'vitest';
import { ALPHA, describeDecision, guardDecision, pairedDifference, signTest } from './guard.mjs';

const set = { fingerprint: 'a581c389' };
/** A set's figure from its per-image answers: `wrong` lists the images read wrong. */
const part = (count, wrong, s = set) => {
  const right = new Uint8Array(count).fill(1);
  for (const i of wrong) right[i] = 0;
  return { count, correct: count - wrong.length, accuracy: (count - wrong.length) / count, set: s, right };
};
const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);
// The shipped model as session 17 measured it: 70 of 15,000 scans and 15 of 2,500 drawn digits wrong.
const shipped = { mnist: part(15000, range(0, 70)), strokes: part(2500, range(0, 15)) };

describe('signTest', () => {
  it('matches the exact binomial test', () => {
    expect(signTest(0, 0)).toBe(1);
    expect(signTest(3, 3)).toBe(1);
    expect(signTest(0, 5)).toBeCloseTo(2 / 32, 12);
    expect(signTest(1, 9)).toBeCloseTo((2 * 11) / 1024, 12);
    // Symmetric, and computed in log space where 2^-n underflows a double.
    expect(signTest(9, 1)).toBe(signTest(1, 9));
    expect(signTest(1000, 1100)).toBeGreaterThan(0.02);
    expect(signTest(1000, 1100)).toBeLessThan(0.04);
  });
});

describe('pairedDifference', () => {
  it('counts the images only one model reads right and calls the split', () => {
    const a = part(100, [0, 1, 2]);
    const b = part(100, [2, 3]);
    expect(pairedDifference(a, b)).toMatchObject({ lost: 1, won: 2, verdict: 'same' });
    const worse = pairedDifference(a, part(100, range(0, 12)));
    expect(worse).toMatchObject({ lost: 9, won: 0, verdict: 'worse' });
    expect(worse.p).toBeLessThan(ALPHA);
  });
});

describe('guardDecision', () => {
  it('replaces a model better beyond chance on drawn digits and within chance on MNIST (session 17, seed 9)', () => {
    // 7 fewer scans right (36 lost, 29 won: p 0.46), 13 more drawn digits (13 won, none lost: p 0.0002).
    const seed9 = { mnist: part(15000, [...range(29, 70), ...range(100, 136)]), strokes: part(2500, range(13, 15)) };
    expect(seed9.mnist.correct).toBe(shipped.mnist.correct - 7);
    const d = guardDecision(shipped, seed9);
    expect(d.sets.mnist.verdict).toBe('same');
    expect(d.sets.strokes).toMatchObject({ won: 13, lost: 0, verdict: 'better' });
    expect(d.replace).toBe(true);
    expect(describeDecision(d, 'public/models/default')).toMatch(/^writing public\/models\/default: MNIST: .*no difference beyond chance; held-out strokes: 99\.92% against 99\.40% \(only the new model right on 13, only the old on 0; sign test p = 2\.4e-4\): better beyond chance$/);
  });

  it('keeps the old model when the new one is worse beyond chance on MNIST, however much better on strokes', () => {
    const d = guardDecision(shipped, { mnist: part(15000, range(0, 95)), strokes: part(2500, []) });
    expect(d.replace).toBe(false);
    expect(d.reasons[0]).toMatch(/^MNIST: 99\.37% against 99\.53% \(only the new model right on 0, only the old on 25; sign test p = 6\.0e-8\): worse beyond chance$/);
  });

  it('keeps the old model when the new one is worse beyond chance on the strokes, however much better on MNIST', () => {
    const d = guardDecision(shipped, { mnist: part(15000, []), strokes: part(2500, range(0, 30)) });
    expect(d.replace).toBe(false);
    expect(d.sets).toMatchObject({ mnist: { verdict: 'better' }, strokes: { verdict: 'worse', lost: 15, won: 0 } });
  });

  it('keeps the old model when neither set changes beyond chance, even with a few more right', () => {
    const d = guardDecision(shipped, { mnist: part(15000, range(3, 70)), strokes: part(2500, range(1, 15)) });
    expect(d.replace).toBe(false);
    expect(d.reasons.at(-1)).toBe('better on neither set, so nothing is gained by replacing it');
    // The same answers, image by image: no change at all.
    expect(guardDecision(shipped, shipped).replace).toBe(false);
  });

  it('pairs images, not totals: the same total with different images wrong is no difference', () => {
    const swapped = { mnist: part(15000, range(70, 140)), strokes: part(2500, range(0, 15)) };
    const d = guardDecision(shipped, swapped);
    expect(d.sets.mnist).toMatchObject({ lost: 70, won: 70, verdict: 'same' });
    expect(d.replace).toBe(false);
  });

  it('refuses figures measured on different images', () => {
    const fewer = { ...shipped, mnist: part(1000, []) };
    expect(guardDecision(shipped, fewer)).toMatchObject({ replace: false });
    expect(guardDecision(shipped, fewer).reasons[0]).toMatch(/^MNIST: measured on different images \(15000 \[a581c389\] vs 1000 \[a581c389\]\), not comparable$/);
    const otherSet = { ...shipped, strokes: part(2500, [], { fingerprint: 'ffffffff' }) };
    expect(guardDecision(shipped, otherSet).reasons[1]).toMatch(/held-out strokes: measured on different images .*a581c389.*ffffffff/);
  });

  it('refuses a candidate without per-image figures, and accepts anything checked into an empty folder', () => {
    const noStrokes = { mnist: shipped.mnist };
    expect(guardDecision(shipped, noStrokes)).toMatchObject({ replace: false, reasons: ['the new model has no per-image held-out strokes figures, so it cannot be checked'] });
    const totalsOnly = { mnist: { correct: 14990, count: 15000, set }, strokes: { correct: 2500, count: 2500, set } };
    expect(guardDecision(shipped, totalsOnly).reasons[0]).toMatch(/no per-image MNIST or held-out strokes figures/);
    expect(guardDecision(null, shipped).replace).toBe(true);
    expect(guardDecision({ mnist: shipped.mnist }, { mnist: part(15000, []), strokes: part(2500, []) })).toMatchObject({ replace: false });
  });
});
