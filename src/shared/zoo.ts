/**
 * The model zoo as data: each architecture is a list of layer specs plus its
 * recommended recipe. Pure (no tfjs): the page shows it, the worker builds it.
 */
import type { ArchId, OptimizerId, TrainConfig } from './types';
import { TRAIN_IMAGES } from './mnist';

export type LayerSpec =
  | { type: 'conv'; filters: number; kernel: number; padding?: 'same' | 'valid'; activation?: 'relu' | 'linear'; batchNorm?: boolean; useBias?: boolean }
  | { type: 'maxpool'; size: number }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: 'relu' | 'softmax' | 'linear'; l2?: number };

export interface ArchSpec {
  id: ArchId;
  name: string;
  /** Where it comes from and what it reported. */
  origin: string;
  /** 'image' = 28×28×1 input, 'flat' = 784 input. */
  input: 'image' | 'flat';
  layers: LayerSpec[];
  recipe: {
    optimizer: OptimizerId;
    learningRate: number;
    batchSize: number;
    epochs: number;
    augment: boolean;
    schedule: 'one-cycle' | 'constant';
    labelSmoothing: number;
    /** With augment: shares of each batch given an elastic distortion / a thickness change. */
    elastic?: number;
    thickness?: number;
    /** Share of each batch that is synthetic stroke digits (read drawn digits, not only scans). */
    strokeShare?: number;
    /** Decay per batch of the weight average the run is judged and saved by; absent: off. */
    weightAverage?: number;
  };
}

/** The drawn-digit share a run gets when "Mix in drawn digits" is on and its recipe names none. */
export const DEFAULT_STROKE_SHARE = 0.2;

export const ZOO: Record<ArchId, ArchSpec> = {
  cnn: {
    id: 'cnn',
    name: 'Digit Lab CNN',
    origin: 'Our default: five 3×3 convs with batch norm and ReLU (16 at 28×28, two of 32 at 14×14, two of 64 at 7×7, max-pool after each size), dropout, softmax; trained with augmentation (affine, elastic, thickness), a fifth of each batch drawn digits, and a one-cycle schedule.',
    input: 'image',
    // The second conv at 14×14 and at 7×7 is where depth is cheap (a quarter and a sixteenth of the positions of one at 28×28).
    layers: [
      { type: 'conv', filters: 16, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 64, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'conv', filters: 64, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    // The shipped model's recipe (issue 16, chosen with scripts/reference/arch-search.py; BENCHMARKS.md).
    recipe: { optimizer: 'adam', learningRate: 0.003, batchSize: 128, epochs: 8, augment: true, schedule: 'one-cycle', labelSmoothing: 0.05, elastic: 0.5, thickness: 0.3, strokeShare: 0.2 },
  },
  'keras-cnn': {
    id: 'keras-cnn',
    name: 'Keras article CNN',
    origin: 'Four 3×3 convs 32/32/32/16 with max-pooling, dropout 0.4, dense 128 with L2 0.007, RMSprop (reported 99.26%).',
    input: 'image',
    layers: [
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 16, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'dropout', rate: 0.4 },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu', l2: 0.007 },
      { type: 'dropout', rate: 0.4 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    recipe: { optimizer: 'rmsprop', learningRate: 0.001, batchSize: 64, epochs: 15, augment: false, schedule: 'constant', labelSmoothing: 0 },
  },
  'flask-cnn': {
    id: 'flask-cnn',
    name: 'Flask article CNN',
    origin: '4×4 conv 16 → 2×2 pool → 4×4 conv 32 → 2×2 pool → dense 625 → 10, dropout, RMSprop.',
    input: 'image',
    layers: [
      { type: 'conv', filters: 16, kernel: 4, padding: 'same', activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 32, kernel: 4, padding: 'same', activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 625, activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    recipe: { optimizer: 'rmsprop', learningRate: 0.001, batchSize: 64, epochs: 5, augment: false, schedule: 'constant', labelSmoothing: 0 },
  },
  mlp: {
    id: 'mlp',
    name: 'Tutorial MLP 784-784-10',
    origin: 'The Keras tutorial\u2019s multilayer perceptron: 784 ReLU units, softmax 10, RMSprop.',
    input: 'flat',
    layers: [
      { type: 'dense', units: 784, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    recipe: { optimizer: 'rmsprop', learningRate: 0.001, batchSize: 128, epochs: 10, augment: false, schedule: 'constant', labelSmoothing: 0 },
  },
  linear: {
    id: 'linear',
    name: 'Single-layer 784→10',
    origin: 'The single-layer numpy network (reported 88%): softmax regression on raw pixels.',
    input: 'flat',
    layers: [{ type: 'dense', units: 10, activation: 'softmax' }],
    recipe: { optimizer: 'sgd', learningRate: 0.5, batchSize: 128, epochs: 5, augment: false, schedule: 'constant', labelSmoothing: 0 },
  },
};

export const ARCH_IDS = Object.keys(ZOO) as ArchId[];


/** The default training config for an architecture (its own recipe). */
export function defaultConfig(arch: ArchId): TrainConfig {
  const r = ZOO[arch].recipe;
  return {
    arch,
    epochs: r.epochs,
    batchSize: r.batchSize,
    learningRate: r.learningRate,
    optimizer: r.optimizer,
    augment: r.augment,
    schedule: r.schedule,
    labelSmoothing: r.labelSmoothing,
    ...(r.elastic ? { elastic: r.elastic } : {}),
    ...(r.thickness ? { thickness: r.thickness } : {}),
    ...(r.strokeShare ? { strokeShare: r.strokeShare } : {}),
    ...(r.weightAverage ? { weightAverage: r.weightAverage } : {}),
  };
}

/** Checks a config; returns the first problem in words, or null. The dashboard and the worker share it. */
export function configProblem(c: TrainConfig, trainImages = TRAIN_IMAGES): string | null {
  if (!Number.isInteger(c.epochs) || c.epochs < 1) return 'Epochs must be a positive whole number.';
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1) return 'Batch size must be a whole number of at least 1.';
  if (c.batchSize > trainImages) return `Batch size cannot exceed the ${trainImages} training images.`;
  if (!Number.isFinite(c.learningRate) || c.learningRate <= 0) return 'Learning rate must be a number above 0.';
  if (!(c.labelSmoothing >= 0 && c.labelSmoothing < 1)) return 'Label smoothing must be in [0, 1).';
  for (const [key, name, max] of [['elastic', 'Elastic distortion share', 1], ['thickness', 'Thickness change share', 1], ['strokeShare', 'Drawn-digit share', 0.5]] as const) {
    const v = c[key];
    if (v !== undefined && !(v >= 0 && v <= max)) return `${name} must be between 0 and ${max}.`;
  }
  if (c.weightAverage !== undefined && !(c.weightAverage === 0 || (c.weightAverage >= 0.5 && c.weightAverage < 1))) return 'Weight averaging’s decay must be 0 (off) or from 0.5 to just under 1.';
  return null;
}
