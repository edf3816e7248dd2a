import { describe, expect, it } from 'vitest';
import { aDigit, isUnsure, topTwo, UNSURE_TOP } from './answer';

const probs = (entries: Record<number, number>) => {
  const p = new Float32Array(10);
  for (const [k, v] of Object.entries(entries)) p[Number(k)] = v;
  return p;
};

describe('the "not sure" rule', () => {
  it('finds the top answer and the runner-up wherever they are', () => {
    expect(topTwo(probs({ 0: 0.1, 8: 0.7, 3: 0.2 }))).toMatchObject({ digit: 8, second: 3 });
    expect(topTwo(probs({ 0: 0.9, 1: 0.1 }))).toMatchObject({ digit: 0, second: 1 });
  });

  it('is sure of a clear answer', () => {
    expect(isUnsure(probs({ 7: 0.95, 1: 0.03 }))).toBe(false);
  });

  it('is not sure when the top answer is low', () => {
    expect(isUnsure(probs({ 2: UNSURE_TOP - 0.01, 3: 0.1 }))).toBe(true);
  });

  it('is not sure of a close call (an X read as 8 at 51% with 4 at 45%; a line read 2 at 61% with 5 at 19%), sure at the threshold', () => {
    expect(isUnsure(probs({ 8: 0.51, 4: 0.45 }))).toBe(true);
    expect(isUnsure(probs({ 2: 0.61, 5: 0.19 }))).toBe(true);
    expect(isUnsure(probs({ 2: 0.79, 5: 0.2 }))).toBe(true);
    expect(isUnsure(probs({ 2: UNSURE_TOP, 5: 0.2 }))).toBe(false);
  });

  it('says nothing without probabilities', () => {
    expect(isUnsure(null)).toBe(false);
  });
});

describe('aDigit', () => {
  it('writes "an 8" and "a" before every other digit', () => {
    expect(aDigit(8)).toBe('an 8');
    expect([0, 1, 2, 3, 4, 5, 6, 7, 9].map(aDigit)).toEqual(['a 0', 'a 1', 'a 2', 'a 3', 'a 4', 'a 5', 'a 6', 'a 7', 'a 9']);
  });
});
