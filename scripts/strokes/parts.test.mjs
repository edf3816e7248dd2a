import { describe, expect, it } from 'vitest';
import { STROKE_EXTRA, STROKE_PARTS, WEIGHTED_ONES } from './parts.mjs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadStrokes, root } from './lib.mjs';

describe('the stroke train split', () => {
  it('weights the European 1 about 4× (flag) and 2× (flag and base) against any other style, with usable sets', async () => {
    const s = await loadStrokes();
    for (const o of [STROKE_PARTS.train, STROKE_PARTS.val, ...WEIGHTED_ONES]) expect(() => s.checkOptions(o)).not.toThrow();
    expect(WEIGHTED_ONES.every((o) => o.part === 'train')).toBe(true);
    // Seeds of their own: a one-style set draws from its own stream, but distinct seeds keep the sets' writers apart too.
    expect(new Set([STROKE_PARTS.train.seed, STROKE_PARTS.val.seed, ...WEIGHTED_ONES.map((o) => o.seed)]).size).toBe(2 + WEIGHTED_ONES.length);
    // In the balanced part each style of 1 comes up count / 10 / (styles of 1) times.
    const ones = s.STYLES_BY_DIGIT[1].map((st) => st.id);
    const perStyle = STROKE_PARTS.train.count / 10 / ones.length;
    const weight = (id) => (perStyle + WEIGHTED_ONES.filter((o) => o.style === id).reduce((a, o) => a + o.count, 0)) / perStyle;
    expect(weight('1-flag')).toBeCloseTo(4, 1);
    expect(weight('1-flag-base')).toBeCloseTo(2, 1);
    expect(weight('1-stick')).toBe(1);
    const one = s.strokeSet({ ...WEIGHTED_ONES[0], count: 3 });
    expect(one.map((d) => d.style)).toEqual(['1-flag', '1-flag', '1-flag']);
  });

  it('is the shipped model\'s: no set of one style appended until a model trained with one ships', async () => {
    const meta = JSON.parse(readFileSync(resolve(root, 'public/models/default/meta.json'), 'utf8'));
    expect(STROKE_EXTRA).toEqual(meta.recipe.drawnDigitExtra ?? []);
  });
});
