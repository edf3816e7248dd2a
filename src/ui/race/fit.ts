/**
 * Whether two models can train side by side: an estimate of the GPU memory a
 * race needs (weights, gradients and optimizer moments, a batch's
 * activations kept for the backward pass, the training images on the GPU)
 * against what this device can spare. Browsers do not say how much GPU
 * memory there is; `navigator.deviceMemory` (RAM, capped at 8 GB) is the
 * one hint, and a quarter of it is what the lab may use.
 */
import type { TrainConfig } from '../../shared/types';
import { ZOO } from '../../shared/zoo';
import { layerStats } from '../../shared/zoo-stats';
import { TRAIN_IMAGES } from '../../shared/mnist';

const MB = 1024 * 1024;

/** Bytes one side needs while training. */
export function sideBytes(config: TrainConfig): number {
  const stats = layerStats(ZOO[config.arch]);
  const params = stats.reduce((a, l) => a + l.params, 0);
  const activations = stats.reduce((a, l) => a + l.output.reduce((x, y) => x * y, 1), 784);
  // Weights, gradients and two Adam moments; activations three times over (forward, their gradients, scratch).
  return 4 * (4 * params + 3 * config.batchSize * activations);
}

/** Bytes of the training images on the GPU (shared by both sides). */
export const DATA_BYTES = TRAIN_IMAGES * 785 * 4;

/** Memory the lab may use here, bytes. */
export function labBudget(deviceMemoryGb: number | undefined): number {
  const gb = deviceMemoryGb && Number.isFinite(deviceMemoryGb) && deviceMemoryGb > 0 ? Math.min(deviceMemoryGb, 8) : 4;
  return (gb * 1024 * MB) / 4;
}

/** Null when the race fits, else the sentence that says why not. */
export function raceFit(configs: readonly TrainConfig[], budget: number): string | null {
  const need = DATA_BYTES + configs.reduce((a, c) => a + sideBytes(c), 0);
  if (need <= budget) return null;
  return `These two models need about ${Math.round(need / MB)} MB of GPU memory together, more than the ${Math.round(budget / MB)} MB this device can spare for training. Race smaller models, or use a smaller batch size.`;
}
