/**
 * Elastic distortion (Simard et al. 2003) and stroke-thickness changes for
 * training batches. The sampling positions are made on the CPU (the affine
 * transform of augment.ts plus a smoothed random displacement field), then the
 * images, which stay on the backend, are resampled there with one gather.
 */
import * as tf from '../tf';

export interface ElasticRange {
  /** Share of each batch that gets a displacement field (0 = none). */
  share: number;
  /** Largest displacement, pixels. */
  alpha: number;
  /** Smoothing of the random field (Gaussian sigma, pixels). */
  sigma: number;
}

export const DEFAULT_ELASTIC: ElasticRange = { share: 0.5, alpha: 3, sigma: 4 };

const N = 28;
const PX = N * N;

function gaussianKernel(sigma: number): Float32Array {
  const half = Math.floor(sigma * 3);
  const k = new Float32Array(2 * half + 1);
  let sum = 0;
  for (let i = -half; i <= half; i++) sum += k[i + half] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Blurs a 28×28 field in place with a separable kernel (zero outside), using `tmp` as scratch. */
function smooth(f: Float32Array, k: Float32Array, tmp: Float32Array): void {
  const h = (k.length - 1) / 2;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      let s = 0;
      for (let j = Math.max(0, h - x); j < Math.min(k.length, N + h - x); j++) s += k[j] * f[y * N + x + j - h];
      tmp[y * N + x] = s;
    }
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      let s = 0;
      for (let j = Math.max(0, h - y); j < Math.min(k.length, N + h - y); j++) s += k[j] * tmp[(y + j - h) * N + x];
      f[y * N + x] = s;
    }
}

/**
 * One random displacement field: uniform noise in [-1, 1] per pixel and axis,
 * Gaussian-smoothed, scaled so its largest value is `alpha` px. Returns dx then dy (2×784).
 */
export function elasticField(rand: () => number, r: ElasticRange): Float32Array {
  const k = gaussianKernel(r.sigma);
  const out = new Float32Array(2 * PX);
  const tmp = new Float32Array(PX);
  for (let axis = 0; axis < 2; axis++) {
    const f = out.subarray(axis * PX, (axis + 1) * PX);
    for (let i = 0; i < PX; i++) f[i] = rand() * 2 - 1;
    smooth(f, k, tmp);
    let max = 1e-6;
    for (let i = 0; i < PX; i++) max = Math.max(max, Math.abs(f[i]));
    for (let i = 0; i < PX; i++) f[i] *= r.alpha / max;
  }
  return out;
}

/**
 * Where each output pixel of each image samples its input: the affine rows of
 * `transforms` (8 numbers an image, tf.image.transform's layout) plus, on a
 * share of the images, an elastic field. Returns the gather indices of the four
 * bilinear neighbours (into the n×784 flattened batch; n×784 means "outside",
 * a zero) and their weights, 4 per output pixel.
 */
export function warpSamples(n: number, transforms: Float32Array, rand: () => number, r: ElasticRange): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(n * PX * 4);
  const weight = new Float32Array(n * PX * 4);
  const outside = n * PX;
  for (let i = 0; i < n; i++) {
    const t = transforms.subarray(i * 8, i * 8 + 8);
    const field = r.share > 0 && rand() < r.share ? elasticField(rand, r) : null;
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++) {
        const p = y * N + x;
        let sx = t[0] * x + t[1] * y + t[2];
        let sy = t[3] * x + t[4] * y + t[5];
        if (field) {
          sx += field[p];
          sy += field[PX + p];
        }
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const o = (i * PX + p) * 4;
        for (let c = 0; c < 4; c++) {
          const cx = x0 + (c & 1);
          const cy = y0 + (c >> 1);
          const w = (c & 1 ? fx : 1 - fx) * (c >> 1 ? fy : 1 - fy);
          const inside = cx >= 0 && cx < N && cy >= 0 && cy < N;
          index[o + c] = inside ? i * PX + cy * N + cx : outside;
          weight[o + c] = inside ? w : 0;
        }
      }
  }
  return { index, weight };
}

/** Resamples [n,28,28,1] images at `warpSamples`' positions (bilinear, zero outside), on the backend. */
export function applyWarp(images: tf.Tensor4D, s: { index: Int32Array; weight: Float32Array }): tf.Tensor4D {
  return tf.tidy(() => {
    const n = images.shape[0];
    const flat = tf.concat([tf.reshape(images, [n * PX]), tf.zeros([1])]);
    const picked = tf.gather(flat, tf.tensor1d(s.index, 'int32'));
    const mixed = tf.sum(tf.reshape(tf.mul(picked, tf.tensor1d(s.weight)), [n * PX, 4]), 1);
    return tf.reshape(mixed, [n, N, N, 1]) as tf.Tensor4D;
  });
}

/**
 * Thicker or thinner strokes on a share `p` of the images: each chosen image
 * blends towards its 3×3 dilation (by up to 1) or erosion (by up to 0.6).
 */
export function thicknessAmounts(n: number, rand: () => number, p: number): Float32Array {
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const amount = rand() * 2 - 1;
    t[i] = rand() < p ? amount : 0;
  }
  return t;
}

export function applyThickness(images: tf.Tensor4D, amounts: Float32Array): tf.Tensor4D {
  return tf.tidy(() => {
    const t = tf.tensor4d(amounts, [amounts.length, 1, 1, 1]);
    const dil = tf.maxPool(images, 3, 1, 'same');
    const ero = tf.neg(tf.maxPool(tf.neg(images), 3, 1, 'same'));
    const thicker = tf.mul(tf.relu(t), tf.sub(dil, images));
    const thinner = tf.mul(tf.mul(tf.relu(tf.neg(t)), 0.6), tf.sub(ero, images));
    return tf.add(images, tf.add(thicker, thinner)) as tf.Tensor4D;
  });
}
