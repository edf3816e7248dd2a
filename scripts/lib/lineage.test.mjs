import { describe, expect, it } from 'vitest';
import { warmStartOrigin } from './lineage.mjs';

const ancestor = { epochs: 10, recipe: { plannedEpochs: 12, peakLearningRate: 0.003 }, samplesSeen: 550000, validationAccuracy: 0.9962, testAccuracy: 0.9955 };
const restart = {
  epochs: 4,
  recipe: { plannedEpochs: 4, peakLearningRate: 0.001 },
  samplesSeen: 769560,
  testAccuracy: 0.9955,
  strokeAccuracy: 0.994,
  warmStart: { from: 'default', seed: 2, ...warmStartOrigin(ancestor, { resuming: false }), note: 'n' },
};
const run = { seed: 9, epochs: 2, learningRate: 0.001 };

describe('warmStartOrigin', () => {
  it('records the parent run, with no lineage for a model trained from scratch', () => {
    expect(warmStartOrigin(ancestor, { resuming: false, ...run })).toEqual({ fromEpochs: 10, fromRecipe: ancestor.recipe, fromSamplesSeen: 550000, fromValidationAccuracy: 0.9962, fromTestAccuracy: 0.9955 });
    expect(warmStartOrigin(null, { resuming: false, ...run })).toBeNull();
  });

  it('a restart of a restart names its parent, not its grandparent, and nests the grandparent', () => {
    const o = warmStartOrigin(restart, { resuming: false, ...run });
    expect(o).toMatchObject({ fromEpochs: 4, fromSamplesSeen: 769560, fromValidationAccuracy: null, fromStrokeAccuracy: 0.994 });
    expect(o.fromWarmStart).toEqual(restart.warmStart);
    expect(o.fromWarmStart.fromEpochs).toBe(10);
  });

  it("a resumed run that already wrote one of its own epochs keeps that epoch's record", () => {
    const ownEpoch = { ...restart, epochs: 1, recipe: { plannedEpochs: 2, peakLearningRate: 0.001 }, warmStart: { from: 'default', seed: 9, ...warmStartOrigin(restart, { resuming: false, ...run }), note: 'n' } };
    expect(warmStartOrigin(ownEpoch, { resuming: true, ...run })).toEqual(warmStartOrigin(restart, { resuming: false, ...run }));
    // Not resuming, or another seed: that model is the parent.
    expect(warmStartOrigin(ownEpoch, { resuming: false, ...run }).fromEpochs).toBe(1);
    expect(warmStartOrigin(ownEpoch, { resuming: true, ...run, seed: 10 }).fromEpochs).toBe(1);
  });
});
