/** Builds tf.LayersModels from the zoo's data (src/shared/zoo.ts). */
import * as tf from '../tf';
import type { ArchId } from '../../shared/types';
import { ZOO } from '../../shared/zoo';

export { ZOO, ARCH_IDS } from '../../shared/zoo';
export type { ArchSpec, LayerSpec } from '../../shared/zoo';

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

/**
 * Two copies of an architecture with the same weights, dropout off (it draws
 * its own mask each call), for comparing a forward pass with tfjs-layers' own:
 * one copy per path, since each training pass moves batch norm's averages.
 */
export function buildTwins(arch: ArchId, seed: number): [tf.LayersModel, tf.LayersModel] {
  const pair = [buildModel(arch, seed), buildModel(arch, seed)] as [tf.LayersModel, tf.LayersModel];
  for (const m of pair) for (const l of m.layers) if (l.getClassName() === 'Dropout') (l as unknown as { rate: number }).rate = 0;
  return pair;
}
