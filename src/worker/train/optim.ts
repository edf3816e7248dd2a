/** Optimizers and the learning-rate schedule. */
import * as tf from '../tf';
import type { OptimizerId } from '../../shared/types';
import { FusedAdam, FusedRMSProp } from './fusedopt';

export function makeOptimizer(id: OptimizerId, lr: number): tf.Optimizer {
  switch (id) {
    case 'adam':
      // tfjs's defaults (tf.train.adam): β1 0.9, β2 0.999, the backend's epsilon.
      return new FusedAdam(lr, 0.9, 0.999);
    case 'rmsprop':
      return new FusedRMSProp(lr, 0.9, 0, 1e-7);
    case 'sgd':
      return tf.train.momentum(lr, 0.9);
  }
}

/** tfjs optimizers read `learningRate` on every step, so a schedule can just set it. */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}

/**
 * One-cycle schedule: linear warm-up from peak/25 over the first 25% of steps,
 * then cosine annealing down to peak/1000.
 */
export function lrAt(step: number, total: number, peak: number): number {
  const warm = Math.max(1, Math.floor(total * 0.25));
  if (step < warm) return peak / 25 + (peak - peak / 25) * (step / warm);
  const t = Math.min(1, (step - warm) / Math.max(1, total - warm));
  const lo = peak / 1000;
  return lo + (peak - lo) * 0.5 * (1 + Math.cos(Math.PI * t));
}
