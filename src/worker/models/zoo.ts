/**
 * The model zoo: each architecture is data (a list of layer specs plus its
 * recommended recipe); `buildModel` turns a spec into a tf.LayersModel.
 */
import * as tf from '../tf';
import type { ArchId, OptimizerId } from '../../shared/types';

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
  recipe: { optimizer: OptimizerId; learningRate: number; batchSize: number; epochs: number; augment: boolean; schedule: 'one-cycle' | 'constant'; labelSmoothing: number };
}

export const ZOO: Record<ArchId, ArchSpec> = {
  cnn: {
    id: 'cnn',
    name: 'Digit Lab CNN',
    origin: 'Our default: three 3×3 conv blocks (batch norm, ReLU, max-pool), dropout, softmax; trained with augmentation and a one-cycle schedule.',
    input: 'image',
    layers: [
      { type: 'conv', filters: 16, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 32, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'conv', filters: 64, kernel: 3, padding: 'same', batchNorm: true, useBias: false },
      { type: 'maxpool', size: 2 },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    recipe: { optimizer: 'adam', learningRate: 0.003, batchSize: 128, epochs: 8, augment: true, schedule: 'one-cycle', labelSmoothing: 0.05 },
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

/** Builds an uncompiled tf.LayersModel for an architecture; input is always [null,28,28,1]. */
export function buildModel(arch: ArchId, seed = 1): tf.LayersModel {
  const spec = ZOO[arch];
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const heInit = () => tf.initializers.heNormal({ seed: s++ });
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  let x: tf.SymbolicTensor = input;
  if (spec.input === 'flat') x = tf.layers.flatten({ name: 'flatten_input' }).apply(x) as tf.SymbolicTensor;
  let n = 0;
  for (const l of spec.layers) {
    n++;
    switch (l.type) {
      case 'conv': {
        const useBn = !!l.batchNorm;
        x = tf.layers
          .conv2d({
            filters: l.filters,
            kernelSize: l.kernel,
            padding: l.padding ?? 'same',
            activation: useBn ? 'linear' : (l.activation ?? 'relu'),
            useBias: l.useBias ?? !useBn,
            kernelInitializer: heInit(),
            name: `conv${n}`,
          })
          .apply(x) as tf.SymbolicTensor;
        if (useBn) {
          x = tf.layers.batchNormalization({ name: `bn${n}`, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
          x = tf.layers.reLU({ name: `relu${n}` }).apply(x) as tf.SymbolicTensor;
        }
        break;
      }
      case 'maxpool':
        x = tf.layers.maxPooling2d({ poolSize: l.size, strides: l.size, name: `pool${n}` }).apply(x) as tf.SymbolicTensor;
        break;
      case 'dropout':
        x = tf.layers.dropout({ rate: l.rate, seed: s++, name: `dropout${n}` }).apply(x) as tf.SymbolicTensor;
        break;
      case 'flatten':
        x = tf.layers.flatten({ name: `flatten${n}` }).apply(x) as tf.SymbolicTensor;
        break;
      case 'dense':
        x = tf.layers
          .dense({
            units: l.units,
            activation: l.activation,
            kernelInitializer: l.activation === 'relu' ? heInit() : init(),
            kernelRegularizer: l.l2 ? tf.regularizers.l2({ l2: l.l2 }) : undefined,
            name: l.activation === 'softmax' ? 'probs' : `dense${n}`,
          })
          .apply(x) as tf.SymbolicTensor;
        break;
    }
  }
  return tf.model({ inputs: input, outputs: x, name: arch });
}

/** Multiply-adds per image, for the zoo's descriptions and ETA estimates. */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}
