/**
 * The map: what the layer before the answer makes of 2,000 MNIST test
 * digits, laid out in 2-D with UMAP (umap-js). Neighbours are found exactly
 * (one matrix product per chunk, on the lab's backend) and handed to UMAP,
 * so the layout depends only on the seed. A new drawing is placed at the
 * mean position of its nearest mapped digits in the layer's own space:
 * deterministic, a few milliseconds, and honest about what "near" means.
 *
 * Measured against umap-js's fitted `transform` (scripts/measure/placement.measure.ts, BENCHMARKS.md
 * 2026-12-02, shipped model, 500 mapped digits × 576 values, 50 new ones, CPU, shared machine):
 * nearest-neighbour placement took about 2 ms a digit and 94.5% of the placed points' 8 nearest map
 * points had its true label; umap-js fitted in 1.6–3.4 s, but its (synchronous) transform had not placed
 * the first digit after 170 s, with our seeded rng or Math.random. It cannot be live, so the drawing and
 * the saved samples are placed here.
 */
import { UMAP } from 'umap-js';
import * as tf from '../tf';
import { rng } from '../../shared/rng';
import { fitInput } from '../storage/validate';
import { yieldToEvents } from '../yield';
import type { Layer } from './layers';

/** Neighbours per point, for the layout and for placing a drawing. */
export const NEIGHBOURS = 15;
const PLACE_NEIGHBOURS = 8;
const PASS_THROUGH = new Set(['Flatten', 'Reshape', 'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);
const HEADS = new Set(['Activation', 'Softmax']);

export interface MapLayer {
  /** What the output layer reads. */
  tensor: tf.SymbolicTensor;
  /** The layer shown to the user (the last one before flatten/dropout). */
  name: string;
  dims: number;
}

const single = (t: tf.SymbolicTensor | tf.SymbolicTensor[]) => (Array.isArray(t) ? (t.length === 1 ? t[0] : null) : t);

/** The layer the map shows: the input of the model's output layer; or why the model has none worth mapping. */
export function mapLayerOf(model: tf.LayersModel): MapLayer | { why: string } {
  let head: Layer = model.layers[model.layers.length - 1];
  while (HEADS.has(head.getClassName()) || PASS_THROUGH.has(head.getClassName())) {
    const s = single(head.input);
    if (!s) break;
    head = s.sourceLayer as Layer;
  }
  if (head.getClassName() !== 'Dense') return { why: 'its last layer is not a dense layer, so there is no layer that clearly feeds the answer' };
  const input = single(head.input);
  if (!input) return { why: 'its output layer reads more than one tensor' };
  let from = input.sourceLayer as Layer;
  while (PASS_THROUGH.has(from.getClassName())) {
    const s = single(from.input);
    if (!s) break;
    from = s.sourceLayer as Layer;
  }
  if (from.getClassName() === 'InputLayer') return { why: 'it has no hidden layer: its only layer reads the pixels themselves, so it has learned no space of its own to map' };
  const dims = (input.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  if (!(dims >= 3)) return { why: `the layer before the answer has only ${dims} value${dims === 1 ? '' : 's'}, too few to make a map of` };
  return { tensor: input, name: from.name, dims };
}

/** `perClass` indices of each digit, chosen with `seed`, in ascending order. */
export function balancedPick(labels: Uint8Array, perClass: number, seed: number): number[] {
  const next = rng(seed);
  const out: number[] = [];
  for (let d = 0; d < 10; d++) {
    const idx: number[] = [];
    labels.forEach((l, i) => l === d && idx.push(i));
    // Partial Fisher–Yates: the first perClass of a seeded shuffle.
    for (let i = 0; i < Math.min(perClass, idx.length); i++) {
      const j = i + Math.floor(next() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
      out.push(idx[i]);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Layer outputs ([n, dims]) and answers for [n,28,28,1] images, in chunks; `both` maps an image batch to [layer output, probabilities]. */
export async function featuresOf(model: tf.LayersModel, both: tf.LayersModel, dims: number, images: tf.Tensor4D, onChunk: (done: number) => void, check: () => void): Promise<{ features: Float32Array; preds: Uint8Array }> {
  const n = images.shape[0];
  const features = new Float32Array(n * dims);
  const preds = new Uint8Array(n);
  // Small chunks keep the lab answering (stop, other views) between them on a slow software GPU.
  const CHUNK = 100;
  for (let i = 0; i < n; i += CHUNK) {
    const m = Math.min(CHUNK, n - i);
    const [f, p] = tf.tidy(() => {
      const x = fitInput(model, tf.slice(images, [i, 0, 0, 0], [m, 28, 28, 1]));
      const [h, probs] = both.predict(x) as tf.Tensor[];
      return [tf.reshape(h, [m, -1]), tf.argMax(probs, -1)];
    });
    const [fv, pv] = await Promise.all([f.data(), p.data()]);
    tf.dispose([f, p]);
    features.set(fv as Float32Array, i * dims);
    preds.set(pv as Int32Array, i);
    onChunk(i + m);
    check();
  }
  return { features, preds };
}

/** Exact k nearest neighbours (Euclidean, self excluded) of every row, in chunks on the current backend. */
export async function nearest(features: Float32Array, n: number, dims: number, k: number, onChunk: (done: number) => void, check: () => void): Promise<{ indices: number[][]; distances: number[][] }> {
  const all = tf.tensor2d(features, [n, dims]);
  const norms = tf.tidy(() => tf.sum(tf.square(all), 1));
  const indices: number[][] = [];
  const distances: number[][] = [];
  const CHUNK = 250;
  try {
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      const { values, indices: idx } = tf.tidy(() => {
        const rows = tf.slice(all, [i, 0], [m, dims]);
        const d2 = tf.add(tf.sub(tf.reshape(tf.slice(norms, [i], [m]), [m, 1]), tf.mul(tf.matMul(rows, all, false, true), 2)), tf.reshape(norms, [1, n]));
        return tf.topk(tf.neg(d2), Math.min(k + 1, n));
      });
      const [v, ix] = await Promise.all([values.data(), idx.data()]);
      tf.dispose([values, idx]);
      const width = Math.min(k + 1, n);
      for (let r = 0; r < m; r++) {
        const self = i + r;
        const row: number[] = [self];
        const dist: number[] = [0];
        for (let c = 0; c < width && row.length < k; c++) {
          const j = ix[r * width + c];
          if (j === self) continue;
          row.push(j);
          dist.push(Math.sqrt(Math.max(0, -v[r * width + c])));
        }
        indices.push(row);
        distances.push(dist);
      }
      onChunk(i + m);
      check();
    }
  } finally {
    tf.dispose([all, norms]);
  }
  return { indices, distances };
}

/** UMAP on precomputed neighbours; positions scaled to 0..1. Deterministic for a seed. */
export async function layout(features: Float32Array, n: number, dims: number, knn: { indices: number[][]; distances: number[][] }, seed: number, epochs: number, onEpoch: (done: number, total: number) => void, check: () => void): Promise<Float32Array> {
  const umap = new UMAP({ nNeighbors: knn.indices[0].length, nEpochs: epochs, minDist: 0.1, random: rng(seed) });
  umap.setPrecomputedKNN(knn.indices, knn.distances);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(features.subarray(i * dims, (i + 1) * dims)));
  const total = umap.initializeFit(rows);
  for (let e = 0; e < total; e++) {
    umap.step();
    if (e % 10 === 9 || e === total - 1) {
      onEpoch(e + 1, total);
      await yieldToEvents();
      check();
    }
  }
  return normalise(umap.getEmbedding(), n);
}

function normalise(emb: number[][], n: number): Float32Array {
  const out = new Float32Array(n * 2);
  for (let a = 0; a < 2; a++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of emb) {
      lo = Math.min(lo, p[a]);
      hi = Math.max(hi, p[a]);
    }
    const span = hi - lo || 1;
    emb.forEach((p, i) => (out[i * 2 + a] = (p[a] - lo) / span));
  }
  return out;
}

/** Where a feature vector lands: the inverse-distance-weighted mean position of its nearest mapped points. */
export function place(feature: Float32Array, features: Float32Array, points: Float32Array, dims: number, k = PLACE_NEIGHBOURS): { x: number; y: number; neighbours: number[] } {
  const n = points.length / 2;
  const best: { i: number; d: number }[] = [];
  for (let i = 0; i < n; i++) {
    let d = 0;
    const off = i * dims;
    for (let j = 0; j < dims; j++) {
      const t = feature[j] - features[off + j];
      d += t * t;
    }
    if (best.length < k || d < best[best.length - 1].d) {
      best.push({ i, d });
      best.sort((a, b) => a.d - b.d);
      if (best.length > k) best.pop();
    }
  }
  let x = 0;
  let y = 0;
  let wsum = 0;
  for (const { i, d } of best) {
    const w = 1 / (Math.sqrt(d) + 1e-6);
    x += w * points[i * 2];
    y += w * points[i * 2 + 1];
    wsum += w;
  }
  return { x: x / wsum, y: y / wsum, neighbours: best.map((b) => b.i) };
}

/** Where each of `m` feature vectors (row-major, [m, dims]) lands, placed one by one as `place` does: [x0, y0, x1, y1, …]. */
export function placeMany(rows: Float32Array, m: number, features: Float32Array, points: Float32Array, dims: number, k = PLACE_NEIGHBOURS): Float32Array {
  const out = new Float32Array(m * 2);
  for (let i = 0; i < m; i++) {
    const at = place(rows.subarray(i * dims, (i + 1) * dims), features, points, dims, k);
    out[i * 2] = at.x;
    out[i * 2 + 1] = at.y;
  }
  return out;
}
