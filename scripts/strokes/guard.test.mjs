import { describe, expect, it } from 'vitest';
import { describeDecision, guardDecision } from './guard.mjs';

const set = { fingerprint: 'a581c389' };
const fig = (mnist, strokes) => ({ mnist: { correct: mnist, count: 10000 }, strokes: { correct: strokes, count: 2500, set } });
const shipped = fig(9955, 2442);

describe('guardDecision', () => {
  it('replaces when no worse on both sets, ties included', () => {
    expect(guardDecision(shipped, fig(9960, 2490)).replace).toBe(true);
    expect(guardDecision(shipped, fig(9955, 2442)).replace).toBe(true);
  });

  it('keeps the old model when the new one is worse on MNIST, even if better on strokes', () => {
    const d = guardDecision(shipped, fig(9954, 2499));
    expect(d.replace).toBe(false);
    expect(d.reasons.join(' ')).toMatch(/MNIST test: 99\.54% is worse than 99\.55% \(1 fewer right of 10000\)/);
  });

  it('keeps the old model when the new one is worse on the stroke set, even if better on MNIST', () => {
    const d = guardDecision(shipped, fig(9970, 2441));
    expect(d.replace).toBe(false);
    expect(describeDecision(d, 'public/models/default')).toMatch(/^kept the model in public\/models\/default: .*held-out strokes: 97\.64% is worse than 97\.68%/);
  });

  it('refuses figures measured on different images', () => {
    const fewer = { ...fig(990, 2442), mnist: { correct: 997, count: 1000 } };
    expect(guardDecision(shipped, fewer)).toMatchObject({ replace: false });
    expect(guardDecision(shipped, fewer).reasons[0]).toMatch(/MNIST test: measured on different images \(10000 vs 1000\)/);
    const otherSet = { ...fig(9990, 2500), strokes: { correct: 2500, count: 2500, set: { fingerprint: 'ffffffff' } } };
    expect(guardDecision(shipped, otherSet).reasons[1]).toMatch(/held-out strokes: measured on different images .*a581c389.*ffffffff/);
  });

  it('refuses a candidate without both figures, and accepts anything checked into an empty folder', () => {
    expect(guardDecision(shipped, { mnist: { correct: 9990, count: 10000 } })).toEqual({ replace: false, reasons: ['the new model has no strokes figure, so it cannot be checked'] });
    expect(guardDecision(null, fig(10, 10)).replace).toBe(true);
    expect(guardDecision({ mnist: shipped.mnist }, fig(9999, 2500))).toMatchObject({ replace: false });
  });
});
