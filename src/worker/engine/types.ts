/** The plain-JS engine's model description and compiled steps (see net.ts). */
import type { Affine } from './ops';

/** One layer as the engine reads it: class, settings (tfjs's camelCase names), inbound layer and weights by role. */
export interface LayerDesc {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** The layer it reads from; null for the input layer. */
  inbound: string | null;
  /** kernel, bias, gamma, beta, moving_mean, moving_variance. */
  weights: Record<string, Float32Array>;
}

export interface NetDesc {
  layers: LayerDesc[];
  output: string;
}

/** Why a model cannot run on the engine (the caller uses tfjs instead). */
export class Unsupported extends Error {
  constructor(
    public layer: string,
    why: string,
  ) {
    super(`layer “${layer}”: ${why}`);
    this.name = 'Unsupported';
  }
}

export type Shape = number[];
export interface Value {
  buf: Float32Array;
  shape: Shape;
}
export interface Step {
  run: () => void;
  /** A conv step takes a batch norm that follows it into its own weights. */
  fold?: (bn: Affine) => void;
}

