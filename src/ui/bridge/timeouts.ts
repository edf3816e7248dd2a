/** How long each request may go unanswered before its worker counts as hung. */
import type { Method } from '../../shared/protocol';

export const SECOND = 1000;
/** A method not listed in DEFAULT_TIMEOUTS gets this hang limit. */
export const FALLBACK_TIMEOUT = 60 * SECOND;
/** No answer within this long means the worker hung (0 = none). Training, evaluation and benchmarks run for as long as they take. */
export const DEFAULT_TIMEOUTS: Partial<Record<Method, number>> = {
  init: 60 * SECOND,
  loadModel: 30 * SECOND,
  predict: 30 * SECOND,
  train: 0,
  trainRace: 0,
  raceCheckpoint: 60 * SECOND,
  evaluate: 0,
  bench: 0,
  stopTraining: 30 * SECOND,
  // A hint sent on every stroke: a lab busy with a long batch answers it late, which is no hang.
  userInput: 0,
  getCheckpoint: 60 * SECOND,
  discardCheckpoint: 60 * SECOND,
  listModels: 60 * SECOND,
  exportModel: 60 * SECOND,
  exportOnnx: 60 * SECOND,
  importModel: 120 * SECOND,
  // Look inside (lab worker): generous, since they queue behind training batches; a dream runs as long as it takes.
  inspectLayers: 60 * SECOND,
  featureMaps: 60 * SECOND,
  filters: 60 * SECOND,
  noise: 60 * SECOND,
  dream: 0,
  saliency: 60 * SECOND,
  inspectCancel: 60 * SECOND,
  updateModel: 60 * SECOND,
  duplicateModel: 60 * SECOND,
  deleteModel: 60 * SECOND,
  storageStatus: 60 * SECOND,
  // Short, so the test that hangs a worker on purpose sees the restart quickly.
  debugFault: 5 * SECOND,
  // Teach (lab worker): a fine-tuning run takes as long as it takes; the others may queue behind training batches.
  augmentSample: 60 * SECOND,
  fineTune: 0,
  learnNow: 120 * SECOND,
  comparePredict: 60 * SECOND,
};
