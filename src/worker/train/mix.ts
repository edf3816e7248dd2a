/** Synthetic stroke digits mixed into training batches: a share of each batch drawn at random from the stroke shards' train part. */
import * as tf from '../tf';
import type { SplitLoader } from '../data/dataset';
import { TrainError } from './deps';

export class StrokeMix {
  constructor(
    private readonly loader: SplitLoader,
    private readonly share: number,
    private readonly rand: () => number,
  ) {}

  /** How many of a batch of `n` are stroke digits. */
  count(n: number): number {
    return Math.min(n - 1, Math.round(n * this.share));
  }

  /** Waits for the first stroke shard (the rest stream in while training runs). */
  async ready(): Promise<void> {
    while (this.loader.shards.length === 0) {
      if (this.loader.error) throw new TrainError(`The drawn-digit training data could not be loaded (${this.loader.error.message}). Turn off "Mix in drawn digits" or run \`npm run prepare-data\`.`, 'bad-request');
      await this.loader.next();
    }
  }

  /** `k` stroke digits (with replacement) from the loaded shards, weighted by their size: images [k,28,28,1] and labels [k]. Call inside tf.tidy. */
  take(k: number): { xs: tf.Tensor4D; ys: tf.Tensor1D } {
    const shards = this.loader.shards;
    const total = shards.reduce((a, s) => a + s.count, 0);
    const picks = shards.map(() => [] as number[]);
    for (let i = 0; i < k; i++) {
      let r = Math.floor(this.rand() * total);
      let s = 0;
      while (r >= shards[s].count) r -= shards[s++].count;
      picks[s].push(r);
    }
    const parts = shards.map((s, i) => ({ s, idx: picks[i] })).filter((p) => p.idx.length > 0);
    const xs = parts.map((p) => tf.gather(p.s.xs, tf.tensor1d(p.idx, 'int32')));
    const ys = parts.map((p) => tf.gather(p.s.ys, tf.tensor1d(p.idx, 'int32')));
    return { xs: (xs.length === 1 ? xs[0] : tf.concat(xs)) as tf.Tensor4D, ys: (ys.length === 1 ? ys[0] : tf.concat(ys)) as tf.Tensor1D };
  }
}
