/**
 * MNIST held on the GPU: each shard is uploaded once as a float tensor and
 * batches are gathered there, so a training step moves no pixels over the bus.
 */
import * as tf from '../tf';
import { fetchManifest, fetchShard, type Manifest, type Shard, type ShardEntry } from './shards';

export interface GpuShard {
  file: string;
  count: number;
  xs: tf.Tensor4D;
  /** int32 labels, [count]. */
  ys: tf.Tensor1D;
  /** The raw labels, for bookkeeping on the CPU. */
  labels: Uint8Array;
}

/**
 * Uploads a parsed shard to the backend as [n,28,28,1] floats in 0..1. Scaled on the CPU, once: a tensor made from
 * values stays in WebGL's unpacked layout, in which the [n, 784] view that `tf.gather` takes of it is free, whereas
 * the packed result of a division on the GPU was re-laid out whole (5,000 images, ~20 ms on llvmpipe) at every gather,
 * so once per shard a batch drew from (five with drawn digits mixed in).
 */
export function uploadShard(s: Shard, limit = s.count): GpuShard {
  const n = Math.min(limit, s.count);
  const scaled = new Float32Array(n * 784);
  for (let i = 0; i < scaled.length; i++) scaled[i] = s.images[i] / 255;
  return tf.tidy(() => {
    const xs = tf.tensor4d(scaled, [n, 28, 28, 1], 'float32');
    const ys = tf.tensor1d(s.labels.subarray(0, n), 'int32');
    return { file: s.file, count: n, xs: tf.keep(xs), ys: tf.keep(ys), labels: s.labels.slice(0, n) };
  });
}

export function disposeShard(s: GpuShard): void {
  s.xs.dispose();
  s.ys.dispose();
}

/**
 * A split loaded progressively: `shards` grows as files arrive; `whenAll`
 * settles when all are in (or rejects with the first DataError).
 */
export class SplitLoader {
  readonly shards: GpuShard[] = [];
  readonly total: number = 0;
  loaded = 0;
  private waiters: (() => void)[] = [];
  readonly whenAll: Promise<void>;
  error: Error | null = null;
  private disposed = false;

  constructor(
    dataUrl: string,
    entries: ShardEntry[],
    opts: { limit?: number; onShard?: (loaded: number, total: number) => void; fetchFn?: (url: string) => Promise<Response> } = {},
  ) {
    let remaining = opts.limit ?? Infinity;
    const wanted: { entry: ShardEntry; n: number }[] = [];
    for (const e of entries) {
      if (remaining <= 0) break;
      const n = Math.min(e.count, remaining);
      wanted.push({ entry: e, n });
      remaining -= n;
    }
    this.total = wanted.reduce((a, w) => a + w.n, 0);
    this.whenAll = (async () => {
      try {
        for (const w of wanted) {
          const s = await fetchShard(dataUrl, w.entry, opts.fetchFn);
          if (this.disposed) return;
          this.shards.push(uploadShard(s, w.n));
          this.loaded += w.n;
          opts.onShard?.(this.loaded, this.total);
          this.wake();
        }
      } catch (e) {
        this.error = e as Error;
        this.wake();
        throw e;
      }
    })();
    // The error is surfaced through `error`/`next()`; avoid unhandled-rejection noise.
    this.whenAll.catch(() => undefined);
  }

  get complete(): boolean {
    return this.loaded >= this.total;
  }

  /** Resolves when another shard arrives (or loading fails). */
  next(): Promise<void> {
    if (this.complete || this.error) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  dispose(): void {
    this.disposed = true;
    this.shards.forEach(disposeShard);
    this.shards.length = 0;
  }
}

/** The manifest plus lazily created loaders for the three splits. */
export class MnistData {
  private loaders = new Map<string, SplitLoader>();
  constructor(
    public readonly dataUrl: string,
    public readonly manifest: Manifest,
    private fetchFn?: (url: string) => Promise<Response>,
  ) {}

  static async open(dataUrl: string, fetchFn?: (url: string) => Promise<Response>): Promise<MnistData> {
    return new MnistData(dataUrl, await fetchManifest(dataUrl, fetchFn), fetchFn);
  }

  /** The loader for a split, started on first use and shared afterwards. */
  split(name: 'train' | 'val' | 'test', limit?: number, onShard?: (loaded: number, total: number) => void): SplitLoader {
    const key = `${name}:${limit ?? 'all'}`;
    let l = this.loaders.get(key);
    if (!l || l.error) {
      l?.dispose();
      l = new SplitLoader(this.dataUrl, this.manifest.splits[name], { limit, onShard, fetchFn: this.fetchFn });
      this.loaders.set(key, l);
    }
    return l;
  }

  dispose(): void {
    this.loaders.forEach((l) => l.dispose());
    this.loaders.clear();
  }
}
