import { describe, expect, it } from 'vitest';
import { slugName } from '../ui/library/zip';
import { heldOutScoreText, tunedEntryFields, tunedModelName, untunedName } from './tuned-name';

describe('tunedModelName', () => {
  it('names a tuned model after its base, once', () => {
    expect(tunedModelName('Digit Lab CNN')).toBe('Digit Lab CNN · your handwriting');
    expect(tunedModelName(tunedModelName('Digit Lab CNN'))).toBe('Digit Lab CNN · your handwriting');
  });
  it('gives the base name back', () => {
    expect(untunedName('Digit Lab CNN · your handwriting')).toBe('Digit Lab CNN');
    expect(untunedName('Digit Lab CNN')).toBe('Digit Lab CNN');
  });
  it('the export file is named after the same name', () => {
    expect(slugName(tunedModelName('Digit Lab CNN'))).toBe('digit-lab-cnn-your-handwriting');
  });
});

describe('heldOutScoreText', () => {
  it('writes the score with its count', () => {
    expect(heldOutScoreText(11 / 12, 12)).toBe('92% of 12 held-out drawings');
    expect(heldOutScoreText(1, 1)).toBe('100% of 1 held-out drawing');
  });
  it('says nothing without a count or a score', () => {
    expect(heldOutScoreText(0.92, null)).toBeNull();
    expect(heldOutScoreText(0.92, undefined)).toBeNull();
    expect(heldOutScoreText(0.92, 0)).toBeNull();
    expect(heldOutScoreText(null, 12)).toBeNull();
    expect(heldOutScoreText(Number.NaN, 12)).toBeNull();
  });
});

describe('tunedEntryFields', () => {
  it('carries the held-out count from the fine-tune scores into the library entry', () => {
    const f = tunedEntryFields({ name: 'Digit Lab CNN', arch: 'cnn' }, { testAccuracy: 0.99, own: { accuracy: 11 / 12, count: 12 } });
    expect(f).toEqual({ name: 'Digit Lab CNN · your handwriting', arch: 'cnn', testAccuracy: 0.99, ownAccuracy: 11 / 12, ownCount: 12 });
    expect(heldOutScoreText(f.ownAccuracy, f.ownCount)).toBe('92% of 12 held-out drawings');
  });
  it('records no score and no count when nothing was held out', () => {
    const f = tunedEntryFields({ name: 'Digit Lab CNN · your handwriting', arch: 'cnn' }, { testAccuracy: null, own: null });
    expect(f).toMatchObject({ name: 'Digit Lab CNN · your handwriting', ownAccuracy: null, ownCount: null });
  });
});
