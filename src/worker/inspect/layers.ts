/**
 * Layer discovery for any LayersModel (zoo-built or imported): conv blocks,
 * pooling and dense layers, found through `model.layers` and
 * `getClassName()`, never through our own naming.
 */
import * as tf from '../tf';
import type { InspectLayer, InspectLayerKind } from '../../shared/inspect-types';

export type Layer = tf.LayersModel['layers'][number];

const CONV = new Set(['Conv2D', 'SeparableConv2D', 'DepthwiseConv2D']);
const POOL = new Set(['MaxPooling2D', 'AveragePooling2D']);
const DENSE = new Set(['Dense']);
/** Layers that only rescale or switch values per position: a conv block runs on through them. */
const FOLDS = new Set(['BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);
const ACTIVATIONS: Record<string, string> = { ReLU: 'relu', LeakyReLU: 'leakyRelu', ELU: 'elu', PReLU: 'prelu', ThresholdedReLU: 'thresholdedRelu', Softmax: 'softmax' };

/** A discovered layer plus the symbolic tensors the worker builds models from. */
export interface Found extends InspectLayer {
  /** The block's output (what feature maps show). */
  output: tf.SymbolicTensor;
  /** Where a dream measures a filter: before a trailing activation, so a switched-off unit still has a gradient. */
  objective: tf.SymbolicTensor;
  /** The main layer (conv, pool or dense), for its weights. */
  layer: Layer;
}

function kindOf(layer: Layer): InspectLayerKind | null {
  const c = layer.getClassName();
  if (CONV.has(c)) return 'conv';
  if (POOL.has(c)) return 'pool';
  if (DENSE.has(c)) return 'dense';
  return null;
}

function activationOf(layer: Layer): string | null {
  const c = layer.getClassName();
  if (c in ACTIVATIONS) return ACTIVATIONS[c];
  const a = (layer.getConfig() as { activation?: unknown }).activation;
  return typeof a === 'string' ? a : null;
}

const isLinear = (a: string | null) => a === null || a === 'linear';

function single(t: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor | null {
  return Array.isArray(t) ? (t.length === 1 ? t[0] : null) : t;
}

/** The one layer of `model` that consumes `layer`'s output, if exactly one does. */
function soleConsumer(layer: Layer, members: Set<Layer>): Layer | null {
  const next = layer.outboundNodes.map((n) => n.outboundLayer).filter((l) => members.has(l));
  return next.length === 1 ? next[0] : null;
}

/** Finds the model's conv blocks, pooling and dense layers, in order. */
export function discoverLayers(model: tf.LayersModel): Found[] {
  const members = new Set(model.layers);
  const last = model.layers[model.layers.length - 1];
  const found: Found[] = [];
  for (const layer of model.layers) {
    const kind = kindOf(layer);
    if (!kind) continue;
    const own = single(layer.output);
    if (!own) continue;
    const parts = [layer.name];
    let end = layer;
    let activation = activationOf(layer);
    let objective = own;
    let output = own;
    // A main layer with its own non-linearity has no reachable pre-activation; otherwise the objective runs on through batch norm.
    let objectiveOpen = isLinear(activation);
    // Follow the block through batch norm, activation and dropout to what the next layer really sees.
    let next = soleConsumer(end, members);
    while (next && FOLDS.has(next.getClassName())) {
      const out = single(next.output);
      if (!out) break;
      const act = activationOf(next);
      if (next.getClassName() !== 'BatchNormalization' && !isLinear(act)) {
        activation = act;
        objectiveOpen = false;
      } else if (objectiveOpen) {
        objective = out;
      }
      parts.push(next.name);
      output = out;
      end = next;
      next = soleConsumer(end, members);
    }
    const shape = output.shape.slice(1) as number[];
    if (kind !== 'dense' && shape.length !== 3) continue;
    if (kind === 'dense' && shape.length !== 1) continue;
    const kernel = kind === 'pool' ? null : (layer.weights[0]?.shape as number[] | undefined) ?? null;
    found.push({
      name: end.name,
      parts,
      kind,
      className: layer.getClassName(),
      outputShape: shape,
      kernelShape: kernel,
      activation,
      isOutput: end === last || layer === last,
      output,
      objective,
      layer,
    });
  }
  return found;
}

/** The plain, cloneable description of a discovered layer. */
export function describe(f: Found): InspectLayer {
  const { name, parts, kind, className, outputShape, kernelShape, activation, isOutput } = f;
  return { name, parts, kind, className, outputShape, kernelShape, activation, isOutput };
}

/** The layer whose output stands for a drawing's "code": last conv block, else last hidden dense. */
export function codeLayerOf(found: Found[]): Found | null {
  const convs = found.filter((f) => f.kind === 'conv');
  if (convs.length) return convs[convs.length - 1];
  const hidden = found.filter((f) => f.kind === 'dense' && !f.isOutput);
  return hidden.length ? hidden[hidden.length - 1] : null;
}

/** Layers feature maps show by default: conv and pooling outputs and hidden dense layers. */
export function mapLayers(found: Found[]): Found[] {
  return found.filter((f) => !f.isOutput);
}
