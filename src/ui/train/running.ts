/** Small shared helpers for the training dashboard's components. */
import type { ArchSpec } from '../../shared/zoo';
import type { TrainState } from '../store/train';

/** True while a run is in progress (the form is locked, Stop is live). */
export const isRunning = (s: TrainState): boolean => s === 'loading' || s === 'training' || s === 'stopping';

/** "CNN", "MLP" or "Linear", from the layer list. */
export function archKind(spec: ArchSpec): string {
  if (spec.layers.some((l) => l.type === 'conv')) return 'CNN';
  return spec.layers.filter((l) => l.type === 'dense').length > 1 ? 'MLP' : 'Linear';
}

/** Training images per epoch and the held-out splits (shared with the worker). */
export { TRAIN_IMAGES, VAL_IMAGES, TEST_IMAGES } from '../../shared/mnist';
