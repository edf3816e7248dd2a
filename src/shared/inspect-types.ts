/**
 * What the "Look inside" requests send and get back. Values cross the worker
 * wall as transferred Float32Arrays with an explicit shape. No tfjs here.
 */

/** How the inspector groups a model's layers. */
export type InspectLayerKind = 'conv' | 'pool' | 'dense';

/** One layer as the inspector shows it. */
export interface InspectLayer {
  /** Name of the layer whose output is shown: a conv block ends after its batch norm and activation. */
  name: string;
  /** Every layer folded into this one, in order, e.g. ['conv1', 'bn1', 'relu1']. */
  parts: string[];
  kind: InspectLayerKind;
  /** Class of the main layer, e.g. 'Conv2D', 'MaxPooling2D', 'Dense'. */
  className: string;
  /** Output shape without the batch axis: [h, w, c] for maps, [units] for dense layers. */
  outputShape: number[];
  /** Conv: [kh, kw, in, out]; dense: [in, out]; pooling: null. */
  kernelShape: number[] | null;
  /** The activation the block ends with ('relu', 'softmax', 'linear' …), when known. */
  activation: string | null;
  /** True for the model's last layer (its output is the ten probabilities). */
  isOutput: boolean;
}

/** The inspectable structure of the active model. */
export interface ModelLayout {
  modelId: string;
  version: number;
  modelName: string;
  /** Conv blocks, pooling layers and dense layers, in order. */
  layers: InspectLayer[];
  hasConv: boolean;
  /** The layer whose output is the model's "code" for a drawing: the last conv block, else the last hidden dense layer. */
  codeLayer: string | null;
  /** True when the class scores before the softmax could be reached (dreams and saliency use them). */
  hasLogits: boolean;
}

/** One layer's output for one image. */
export interface FeatureMap {
  layer: string;
  /** Channel-first [c, h, w] for maps, or [units] for dense layers. */
  shape: number[];
  data: Float32Array;
}

export interface FeatureMapsParams {
  /** 784 floats, 0..1, white ink on black. */
  image: Float32Array;
  /** Layer names (from `ModelLayout.layers`); default: every conv, pool and hidden dense layer. */
  layers?: string[];
}

export interface FeatureMapsResult {
  maps: FeatureMap[];
  /** The model's ten probabilities for the same image. */
  probs: Float32Array;
  modelId: string;
  version: number;
  /** Worker time for the request. */
  ms: number;
}

/** A conv layer's kernels. */
export interface ConvFilters {
  layer: string;
  parts: string[];
  className: string;
  /** [out, in, kh, kw]: one kh×kw kernel per (output filter, input channel). */
  shape: number[];
  data: Float32Array;
  min: number;
  max: number;
}

/** A dense layer that reads the raw 784 pixels: each unit's weights as a 28×28 image. */
export interface DenseWeights {
  layer: string;
  /** [units, 28, 28]. */
  shape: number[];
  data: Float32Array;
  min: number;
  max: number;
  /** The layer is the model's output layer, so unit i is digit i. */
  isOutput: boolean;
}

export interface FiltersResult {
  conv: ConvFilters[];
  /** Set when the model has no conv layer: the first dense layer's weights instead. */
  dense: DenseWeights | null;
  modelId: string;
  version: number;
}

export interface NoiseParams {
  /** Any integer; the same seed always gives the same image. */
  seed: number;
}

export interface NoiseResult extends FeatureMapsResult {
  /** 784 floats, uniform in 0..1. */
  image: Float32Array;
  seed: number;
}

/** What a dream maximises: a class score, or the mean activation of one filter (or dense unit). */
export type DreamTarget = { kind: 'class'; digit: number } | { kind: 'filter'; layer: string; filter: number };

export interface DreamParams {
  target: DreamTarget;
  /** Gradient-ascent steps. Default 150. */
  steps?: number;
  /** Seed of the starting noise and the jitter. */
  seed?: number;
  /** Step size on the RMS-normalised gradient. Default 0.05. */
  stepSize?: number;
  /** L2 decay per step: pixels shrink by this fraction. Default 0.01. */
  decay?: number;
  /** Blur with a small Gaussian every this many steps (0 = never). Default 4. */
  blurEvery?: number;
  /** Random shift of up to this many pixels each step. Default 1. */
  jitter?: number;
  /** Send a progress image every this many steps. Default 5. */
  reportEvery?: number;
}

export interface DreamProgress {
  step: number;
  steps: number;
  objective: number;
  /** The current image, 784 floats in 0..1. */
  image: Float32Array;
}

export interface DreamResult {
  image: Float32Array;
  /** The objective after each step. */
  objective: number[];
  /** What the model says about the result. */
  probs: Float32Array;
  steps: number;
  ms: number;
  /** The objective never moved (e.g. a filter that stays switched off). */
  stalled: boolean;
}

export type SaliencyMethod = 'gradient' | 'integrated';

export interface SaliencyParams {
  /** 784 floats, 0..1. */
  image: Float32Array;
  method: SaliencyMethod;
  /** Class to explain; default the top class. */
  target?: number;
  /** Integrated gradients: points on the path from black to the image. Default 32. */
  steps?: number;
}

export interface SaliencyResult {
  /** 784 signed values: how much each pixel pushes the target class score up (+) or down (−). */
  saliency: Float32Array;
  target: number;
  probs: Float32Array;
  method: SaliencyMethod;
  ms: number;
}
