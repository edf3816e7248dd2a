/**
 * What a warm restart records about the model it started from (meta.json's `warmStart`), so that a chain of
 * restarts keeps its whole history: each link records its parent's run, and the parent's own `warmStart` nests
 * inside as `fromWarmStart`.
 */

/**
 * The `from*` fields of a warm restart's record, from the parent's meta.json (null when the parent has none).
 * `resuming`: this run resumes from a checkpoint. Then the parent folder may already hold one of this run's own
 * epochs (it wrote one before it stopped): a meta.json whose warmStart is this run's (same seed, planned epochs and
 * peak learning rate) keeps the record it has, instead of naming this run as its own parent.
 */
export function warmStartOrigin(parentMeta, { resuming, seed, epochs, learningRate }) {
  if (!parentMeta) return null;
  const w = parentMeta.warmStart;
  const ownEarlierEpoch = resuming && w && w.seed === seed && parentMeta.recipe?.plannedEpochs === epochs && parentMeta.recipe?.peakLearningRate === learningRate;
  if (ownEarlierEpoch) {
    const { from: _from, seed: _seed, note: _note, ...origin } = w;
    return origin;
  }
  return {
    fromEpochs: parentMeta.epochs,
    fromRecipe: parentMeta.recipe,
    fromSamplesSeen: parentMeta.samplesSeen,
    fromValidationAccuracy: parentMeta.validationAccuracy ?? null,
    fromTestAccuracy: parentMeta.testAccuracy,
    ...(parentMeta.strokeAccuracy !== undefined ? { fromStrokeAccuracy: parentMeta.strokeAccuracy } : {}),
    ...(w ? { fromWarmStart: w } : {}),
  };
}
