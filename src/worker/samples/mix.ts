/**
 * Replay mixing: how many images of each fine-tuning batch are the user's and
 * how many are MNIST. Rehearsing what it already knows is what keeps a
 * fine-tuned network from forgetting it (experience replay).
 */

/** Largest MNIST share allowed: a batch always holds some of the user's drawings. */
export const MAX_REPLAY = 0.9;

/**
 * Splits batches so that over any run of steps the MNIST share is `ratio` to
 * within one image: fractional shares are carried from batch to batch
 * (0.3 of 32 = 9.6 gives 10, 9, 10, 10, 9 …), and every batch keeps at
 * least one user image.
 */
export class ReplayMixer {
  private step = 0;
  constructor(
    readonly batchSize: number,
    readonly ratio: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 2) throw new RangeError('The batch size must be a whole number of at least 2');
    if (!(ratio >= 0 && ratio <= MAX_REPLAY)) throw new RangeError(`The replay ratio must be between 0 and ${MAX_REPLAY}`);
  }

  /** The next batch's split. */
  next(): { user: number; mnist: number } {
    const total = (k: number) => Math.round(k * this.batchSize * this.ratio);
    const mnist = Math.min(this.batchSize - 1, total(this.step + 1) - total(this.step));
    this.step++;
    return { user: this.batchSize - mnist, mnist };
  }
}

/** Cycles through 0..n-1 in a fresh shuffled order each pass: every user image is seen once per pass. */
export class Cycler {
  private order: Int32Array;
  private at: number;
  constructor(
    readonly n: number,
    private readonly rand: () => number,
  ) {
    this.order = new Int32Array(n);
    this.at = n;
  }

  take(k: number): Int32Array {
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      if (this.at >= this.n) this.reshuffle();
      out[i] = this.order[this.at++];
    }
    return out;
  }

  private reshuffle() {
    for (let i = 0; i < this.n; i++) this.order[i] = i;
    for (let i = this.n - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      const t = this.order[i];
      this.order[i] = this.order[j];
      this.order[j] = t;
    }
    this.at = 0;
  }
}
