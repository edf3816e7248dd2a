/**
 * Weight averaging: an exponential moving average of every weight of the model
 * (batch norm's moving statistics too), updated after each batch. Training
 * goes on with the live weights; a run is validated, tested and saved with the
 * average. Measured in PyTorch for #16 (BENCHMARKS, sessions 11–13): from one
 * epoch to the next the live weights swing on the European 1 (66–98% of them
 * read right), and the average holds what the last few hundred batches agree on.
 */
import * as tf from '../tf';

/** Weights as plain arrays, for a checkpoint. */
export interface AverageState {
  updates: number;
  weights: { shape: number[]; data: Float32Array }[];
}

/**
 * The decay for update `t` (0-based): `decay`, but less while few batches are
 * in (TensorFlow's num_updates rule), so that a short run's average is not
 * mostly its random start.
 */
export const decayAt = (decay: number, t: number): number => Math.min(decay, (1 + t) / (10 + t));

export class WeightAverage {
  private readonly vars: tf.Variable[];
  private updates: number;

  /** Starts from a checkpoint's average, or from the model's weights (also when that average does not fit the model). */
  constructor(
    model: tf.LayersModel,
    private readonly decay: number,
    from?: AverageState,
  ) {
    const ws = model.weights;
    const fits = !!from && from.weights.length === ws.length && from.weights.every((w, i) => w.shape.join() === ws[i].shape.join() && w.data.length === w.shape.reduce((a, b) => a * b, 1));
    this.vars = ws.map((w, i) => tf.variable(fits ? tf.tensor(from!.weights[i].data, from!.weights[i].shape) : w.read().clone(), false));
    this.updates = fits ? from!.updates : 0;
  }

  /** Starts the average again from the model's weights (after the NaN guard restored them). */
  reset(model: tf.LayersModel): void {
    tf.tidy(() => model.weights.forEach((w, i) => this.vars[i].assign(w.read())));
    this.updates = 0;
  }

  /** Folds the model's current weights into the average (GPU work only, nothing read back). */
  update(model: tf.LayersModel): void {
    const d = decayAt(this.decay, this.updates++);
    tf.tidy(() => {
      model.weights.forEach((w, i) => {
        const a = this.vars[i];
        a.assign(tf.add(tf.mul(a, d), tf.mul(w.read(), 1 - d)));
      });
    });
  }

  /** Runs `fn` with the averaged weights in the model, then puts the live ones back (also when `fn` throws). */
  async swapIn<T>(model: tf.LayersModel, fn: () => Promise<T>): Promise<T> {
    const live = model.getWeights().map((w) => w.clone());
    model.setWeights(this.vars);
    try {
      return await fn();
    } finally {
      model.setWeights(live);
      tf.dispose(live);
    }
  }

  async state(): Promise<AverageState> {
    const weights = await Promise.all(this.vars.map(async (v) => ({ shape: v.shape.slice(), data: new Float32Array(await v.data()) })));
    return { updates: this.updates, weights };
  }

  dispose(): void {
    tf.dispose(this.vars);
  }
}
