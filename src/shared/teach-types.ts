/**
 * What the "Teach it your handwriting" requests send and get back: sample
 * augmentation previews, fine-tuning (full runs and one quick step) and
 * side-by-side predictions. No tfjs here.
 */
import type { Stroke } from './preprocess';
import type { ModelInfo } from './types';

/** A sample as the worker trains on it: the strokes (re-rasterised for thickness variants) and/or the 28×28 image. */
export interface TrainingSample {
  label: number;
  /** Unit coordinates (canvas side 1). */
  strokes: Stroke[];
  /** 784 floats 0..1; made from the strokes when absent. */
  image?: Float32Array;
}

/** One augmented variant: stroke thickness, width/height rescale, rotation and shift. */
export interface VariantSpec {
  /** Line width as a multiple of the drawing's. */
  thickness: number;
  sx: number;
  sy: number;
  /** Rotation, degrees. */
  deg: number;
  /** Shift, pixels of the 28×28 image (after fitting the ink inside). */
  tx: number;
  ty: number;
}

export interface AugmentParams {
  sample: TrainingSample;
  seed: number;
}

export interface AugmentResult {
  /** `variants.length` images of 784 floats, concatenated. */
  images: Float32Array;
  variants: VariantSpec[];
  ms: number;
}

export interface FineTuneConfig {
  /** Optimizer steps. */
  steps: number;
  batchSize: number;
  /** Share of each batch drawn from MNIST training images (replay), 0..0.9. */
  replayRatio: number;
  learningRate: number;
  /** Adam moves every weight by about the learning rate; SGD with momentum moves weights in proportion to their gradient, leaving what the new drawings do not touch alone. */
  optimizer: 'adam' | 'sgd';
  /** Batch-norm layers: 'inference' keeps their MNIST statistics (moving mean/variance frozen); 'train' updates them from the batches. */
  batchNorm: 'inference' | 'train';
  /** Which weights change: every layer, or only the last (output) layer. */
  layers: 'all' | 'head';
  /**
   * Distillation on the MNIST replay images, 0..1: their targets mix the
   * label (1 − d) with the original model's own probabilities (d), so the
   * network keeps answering MNIST the way it did ("learning without forgetting").
   */
  distill: number;
  /**
   * Balanced softmax: the loss discounts how often each digit occurs in the
   * batch, so a few samples of one digit do not teach "say 1 more often".
   */
  balance: boolean;
  /** Pull towards the original weights (L2-SP): λ × the squared distance from where fine-tuning started. 0 = off. */
  anchor: number;
  seed: number;
}

export interface FineTuneParams {
  /** The model to start from (library id; 'default' = shipped). */
  baseId: string;
  train: TrainingSample[];
  /** Samples to measure on, never trained on. */
  heldOut: TrainingSample[];
  /** Over the worker's defaults (FULL_CONFIG). */
  config: Partial<FineTuneConfig>;
  /** MNIST test images to measure on (default: all 10,000); the held-out drawn digits are limited the same way (default: all 2,500). */
  mnistTestLimit?: number;
  /** Library id to save the result as (default `tuned-<baseId>`). */
  saveAs?: string;
  /** The forgetting guard (default on): MNIST validation accuracy may fall at most `tolerance` (0.003 = 0.3 points); null turns it off. */
  guard?: { tolerance: number; valImages: number; every: number } | null;
}

/** What the forgetting guard saw: MNIST validation accuracy (held-out training images) before and after. */
export interface GuardReport {
  tolerance: number;
  count: number;
  before: number;
  after: number;
  checks: number;
  /** Times the weights were sent back to the last check that passed. */
  rollbacks: number;
}

export type FineTunePhase = 'preparing' | 'measuring-before' | 'training' | 'measuring-after' | 'saving';

export interface FineTuneProgress {
  phase: FineTunePhase;
  step: number;
  steps: number;
  /** Per-step points since the previous message. */
  points: { step: number; loss: number; acc: number }[];
  samplesPerSec: number;
  /** Augmented images of the user's drawings in the training pool. */
  variants?: number;
}

/** Accuracy of one model on the user's held-out samples and on MNIST test images. */
export interface Scores {
  own: { accuracy: number; count: number } | null;
  mnist: { accuracy: number; count: number };
  /** On the held-out drawn digits (as many as MNIST's test images, at most all 2,500); null where they are not deployed, absent in older results. */
  strokes?: { accuracy: number; count: number } | null;
}

export interface FineTuneResult {
  model: ModelInfo;
  baseId: string;
  baseName: string;
  before: Scores;
  after: Scores;
  steps: number;
  stoppedEarly: boolean;
  /** Images of the user's drawings in the training pool (samples × variants). */
  variants: number;
  trainSamples: number;
  /** Training only. */
  trainSeconds: number;
  /** The whole request: augmentation, measuring, training and saving. */
  wallTimeSec: number;
  config: FineTuneConfig;
  guard: GuardReport | null;
}

export interface LearnNowParams {
  /** The active model: a tuned model goes on learning; any other is the base of a new `tuned-<id>`. */
  modelId: string;
  sample: TrainingSample;
  /** Defaults: a few small steps (see QUICK_CONFIG in the worker). */
  config?: Partial<FineTuneConfig>;
}

export interface LearnNowResult {
  model: ModelInfo;
  /** Probabilities for the sample's image before and after the step. */
  before: Float32Array;
  after: Float32Array;
  steps: number;
  /** Time of the training steps alone, and of the whole request (load, augment, train, save). */
  trainMs: number;
  totalMs: number;
}

export interface ComparePredictParams {
  image: Float32Array;
  ids: string[];
}

export type CompareEntry = { id: string; name: string; version: number; probs: Float32Array } | { id: string; error: string };

export interface ComparePredictResult {
  results: CompareEntry[];
}

/** The library id fine-tuning a model saves to, and back. */
export const tunedIdFor = (baseId: string) => (isTunedId(baseId) ? baseId : `tuned-${baseId}`);
export const isTunedId = (id: string) => id.startsWith('tuned-');
export const baseIdOf = (id: string) => (isTunedId(id) ? id.slice('tuned-'.length) : id);
