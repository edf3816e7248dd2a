import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HELD_OUT, STYLES } from '../../shared/strokes';
import type { TestReport } from '../../shared/types';
import { mistakesIn, resultSets, STROKE_SET_NOTE, STROKE_STYLES, STROKE_TEST_IMAGES } from './results';
import { ScoreTiles } from './ScoreTiles';

const report = (accuracy: number, count: number): TestReport => ({ accuracy, loss: 0.25, count, confusion: new Array(100).fill(0), wrongImages: new Float32Array(0), wrongTrue: [], wrongPred: [], wrongConf: [] });

describe('the results card\u2019s two test sets', () => {
  it('names as many handwriting styles as the stroke generator has', () => {
    expect(STROKE_STYLES).toBe(STYLES.length);
    expect(STROKE_SET_NOTE).toContain(`${STYLES.length} handwriting styles`);
    // And as many held-out drawn digits as the generator's fixed part (the speed estimate counts their test).
    expect(STROKE_TEST_IMAGES).toBe(HELD_OUT.count);
  });

  it('puts scans first and drawn digits second, each with its own test ids', () => {
    const [scans, strokes] = resultSets({ test: report(0.99, 10000), strokes: report(0.9, 2500) });
    expect([scans.id, strokes.id]).toEqual(['scans', 'strokes']);
    expect([scans.accuracyTestId, strokes.accuracyTestId]).toEqual(['train-test-accuracy', 'train-stroke-accuracy']);
    expect([scans.confusionTestId, strokes.confusionTestId]).toEqual(['train-confusion', 'train-stroke-confusion']);
    expect(mistakesIn(strokes.report!)).toBe(250);
    // An old result (before drawn digits) has no `strokes` at all.
    expect(resultSets({ test: report(0.99, 10000) })[1].report).toBeNull();
  });

  it('shows both scores side by side, and says when the drawn-digit score is unavailable', () => {
    const both = renderToStaticMarkup(createElement(ScoreTiles, { sets: resultSets({ test: report(0.9912, 10000), strokes: report(0.876, 2500) }) }));
    expect(both).toContain('MNIST test (scans)');
    expect(both).toContain('Drawn digits (held-out strokes)');
    expect(both).toMatch(/data-testid="train-test-accuracy" data-accuracy="0.9912" data-count="10000">99.12%/);
    expect(both).toMatch(/data-testid="train-stroke-accuracy" data-accuracy="0.876" data-count="2500">87.60%/);
    expect(both).toContain('of 2,500 drawn digits');
    expect(both).toContain('310 wrong');

    const none = renderToStaticMarkup(createElement(ScoreTiles, { sets: resultSets({ test: report(0.9912, 10000), strokes: null }) }));
    expect(none).toMatch(/data-testid="train-stroke-accuracy" data-accuracy="" data-count="">–/);
    expect(none).toMatch(/Unavailable: this copy of Digit Lab has no drawn-digit test set/);
  });
});
