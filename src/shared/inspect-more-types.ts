/**
 * What the map, "fool the network" and "switch filters off" requests send and
 * get back (issue #18). Plain data only: arrays cross the worker wall as
 * transferred typed arrays. No tfjs here.
 */

/** Stages of computing the map, in order. */
export type EmbeddingStage = 'digits' | 'features' | 'neighbours' | 'layout';

export interface EmbeddingParams {
  /** Seed of the digit choice and of the layout. Default 1. */
  seed?: number;
  /** How many MNIST test digits, balanced over the ten classes. Default 2000. */
  count?: number;
  /** Layout epochs (UMAP). Default 200. */
  epochs?: number;
}

export interface EmbeddingProgress {
  stage: EmbeddingStage;
  done: number;
  total: number;
}

/** The map of one model version: where each test digit lands in 2-D. */
export interface EmbeddingResult {
  modelId: string;
  version: number;
  /** The layer mapped (the input of the output layer) and its width. */
  layer: string;
  dims: number;
  /** n×2 positions, scaled to 0..1 on both axes. */
  points: Float32Array;
  /** True digit of each point. */
  labels: Uint8Array;
  /** The model's answer for each point. */
  preds: Uint8Array;
  /** n×784 pixels 0..255, for showing a hovered digit. */
  images: Uint8Array;
  seed: number;
  /** Worker time spent per stage, ms. */
  ms: Record<EmbeddingStage, number>;
  /** True when this came from the worker's cache. */
  cached: boolean;
  /** Why this model has no map (then every array is empty), or null. */
  unfit: string | null;
}

export interface EmbeddingPointParams {
  /** 784 floats, 0..1. */
  image: Float32Array;
}

/** Where a new drawing lands on the map: the mean position of its nearest mapped digits (in the layer's space). */
export interface EmbeddingPointResult {
  modelId: string;
  version: number;
  /** False when the lab holds no map of this model (e.g. it was restarted): compute the map again. */
  mapped: boolean;
  x: number;
  y: number;
  /** Indices of the nearest mapped digits, nearest first. */
  neighbours: number[];
  probs: Float32Array;
  ms: number;
}

/** The user's saved samples, to place on the map the same way as a live drawing. */
export interface EmbeddingSamplesParams {
  /** n×784 floats, 0..1, one 28×28 image after another. */
  images: Float32Array;
}

export interface EmbeddingSamplesResult {
  modelId: string;
  version: number;
  /** False when the lab holds no map of this model: compute the map again. */
  mapped: boolean;
  /** [x0, y0, x1, y1, …] in the map's 0..1 square, one pair per image, in order. */
  points: Float32Array;
  /** The model's answer for each image. */
  preds: Uint8Array;
  ms: number;
}

export interface AttackParams {
  /** 784 floats, 0..1: the drawing to change. */
  image: Float32Array;
  /** The digit the model should be made to answer. */
  target: number;
  /** Largest change allowed per pixel (L∞), 0..1. Default 0.3. */
  budget?: number;
  /** Most gradient steps; the search stops at the first step that reaches the target. Default 100. */
  steps?: number;
}

export interface AttackProgress {
  step: number;
  steps: number;
  /** The target's probability now. */
  best: number;
}

export interface AttackResult {
  modelId: string;
  version: number;
  target: number;
  /** The model now answers `target`. */
  reached: boolean;
  /** The largest change of any pixel in the result (its L∞ size). */
  epsilon: number;
  budget: number;
  original: Float32Array;
  adversarial: Float32Array;
  /** adversarial − original, per pixel. */
  change: Float32Array;
  l2: number;
  linf: number;
  originalProbs: Float32Array;
  probs: Float32Array;
  steps: number;
  ms: number;
}

export interface AblationParams {
  /** A conv block's name (from the model layout). */
  layer: string;
  /** Filters switched off (0-based). */
  off: number[];
  /** A drawing to answer for, when there is one. */
  image?: Float32Array;
  /** Also measure accuracy on this many MNIST test digits (0 = not). */
  testCount?: number;
}

export interface AblationResult {
  modelId: string;
  version: number;
  layer: string;
  off: number[];
  /** The drawing's probabilities with those filters off, when an image was sent. */
  probs: Float32Array | null;
  /** Accuracy on `count` test digits with those filters off, when asked. */
  accuracy: number | null;
  count: number;
  ms: number;
}
