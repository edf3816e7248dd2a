/** The training loss, shared by the loop and evaluation. */
import * as tf from '../tf';

/** Cross-entropy on softmax outputs, with optional label smoothing. */
export function crossEntropy(labels: tf.Tensor1D, probs: tf.Tensor, smoothing: number): tf.Scalar {
  return tf.tidy(() => {
    let y = tf.cast(tf.oneHot(labels, 10), 'float32');
    if (smoothing > 0) y = tf.add(tf.mul(y, 1 - smoothing), smoothing / 10);
    const logp = tf.log(tf.clipByValue(probs, 1e-7, 1));
    return tf.neg(tf.mean(tf.sum(tf.mul(y, logp), -1))) as tf.Scalar;
  });
}
