import { describe, expect, it } from 'vitest';
import { formatReport, scoreSet } from './report';

describe('scoreSet', () => {
  const labels = [1, 1, 1, 1, 7, 7, 6, 6, 6, 0];
  const preds = [1, 7, 7, 1, 7, 7, 6, 5, 8, 0];
  const styles = ['1-stick', '1-flag', '1-flag', '1-stick', '7-plain', '7-plain', '6-closed', '6-closed', '6-open', '0-closed'];

  it('counts accuracy overall, per digit and per style, and ranks the confusion pairs', () => {
    const r = scoreSet(labels, preds, styles);
    expect(r).toMatchObject({ count: 10, correct: 6, accuracy: 0.6 });
    expect(r.perClass[1]).toEqual({ count: 4, correct: 2, accuracy: 0.5 });
    expect(r.perClass[6]).toEqual({ count: 3, correct: 1, accuracy: 1 / 3 });
    expect(r.perClass[3]).toEqual({ count: 0, correct: 0, accuracy: 0 });
    expect(r.confusion[1 * 10 + 7]).toBe(2);
    expect(r.confusion.reduce((a, b) => a + b, 0)).toBe(10);
    expect(r.pairs).toEqual([{ label: 1, predicted: 7, count: 2 }, { label: 6, predicted: 5, count: 1 }, { label: 6, predicted: 8, count: 1 }]);
    expect(r.perStyle!['1-flag']).toEqual({ count: 2, correct: 0, accuracy: 0 });
    expect(r.perStyle!['1-stick'].accuracy).toBe(1);
    expect(formatReport('t', r)).toMatch(/t: 60\.00% \(6\/10\)[\s\S]*1→7 ×2, 6→5 ×1, 6→8 ×1[\s\S]*weakest first\): 1-flag 0\.00%/);
  });

  it('rejects mismatched lengths and non-digits', () => {
    expect(() => scoreSet([1, 2], [1])).toThrow(/1 predictions for 2 labels/);
    expect(() => scoreSet([1], [10])).toThrow(/item 0: label 1 or prediction 10 is not a digit/);
    expect(() => scoreSet([1], [1], [])).toThrow(/0 style names for 1 labels/);
  });
});
