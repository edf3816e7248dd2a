/** Tiny models for the inspector's unit tests (CPU backend: keep them small). */
import * as tf from '../tf';

/** conv(2, 3×3, linear) → batch norm → ReLU → max-pool → flatten → dense softmax 10, like the zoo's CNN block. */
export function tinyCnn(seed = 1): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  let x = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed }), name: 'c1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'b1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'r1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'f' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: 'out' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

/** A Sequential model as an imported Keras file would be: fused ReLU, no names of ours. */
export function sequentialCnn(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 3, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 5 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 6 }) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
    ],
  });
}

/** A 28×28 test image: a bright vertical bar (a "1"). */
export function barImage(): Float32Array {
  const img = new Float32Array(784);
  for (let r = 5; r < 23; r++) for (let c = 12; c < 16; c++) img[r * 28 + c] = 1;
  return img;
}
