/** Single-image inference and warm-up. */
import * as tf from '../tf';
import { fitInput } from '../storage/validate';

/** Class probabilities for one 28×28 image (784 floats, 0..1). */
export async function predictProbs(model: tf.LayersModel, image: Float32Array): Promise<Float32Array> {
  const y = tf.tidy(() => model.predict(fitInput(model, tf.tensor4d(image, [1, 28, 28, 1]))) as tf.Tensor);
  try {
    return new Float32Array(await y.data());
  } finally {
    y.dispose();
  }
}

/** Runs the model once so shaders compile before the first real prediction. */
export async function warmUp(model: tf.LayersModel): Promise<void> {
  await predictProbs(model, new Float32Array(784));
}
