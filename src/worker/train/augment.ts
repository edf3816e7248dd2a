/** Random augmentation of image batches on the backend: affine with tf.image.transform, elastic and thickness in warp.ts. */
import * as tf from '../tf';
import { DEFAULT_ELASTIC, applyThickness, applyWarp, thicknessAmounts, warpSamples } from './warp';

export interface AugmentRange {
  /** Max rotation, degrees (±). */
  rotate: number;
  /** Max relative scale change (±). */
  scale: number;
  /** Max shift as a fraction of the image side (±). */
  shift: number;
}

export const DEFAULT_AUGMENT: AugmentRange = { rotate: 12, scale: 0.1, shift: 0.1 };

export { rng } from '../../shared/rng';

/**
 * The 8-number projective transform tf.image.transform expects, mapping each
 * output pixel back to the input: rotate by `deg`, scale by `s` (x and y
 * separately), then shift by (tx, ty) pixels, all about the image centre.
 */
export function affineRow(deg: number, sx: number, sy: number, tx: number, ty: number, size = 28): number[] {
  const c = (size - 1) / 2;
  const th = (deg * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  // Forward: p' = R·S·(p − c) + c + t. Inverse: p = S⁻¹·R⁻¹·(p' − c − t) + c.
  const a0 = cos / sx;
  const a1 = sin / sx;
  const b0 = -sin / sy;
  const b1 = cos / sy;
  const ox = c + tx;
  const oy = c + ty;
  return [a0, a1, c - a0 * ox - a1 * oy, b0, b1, c - b0 * ox - b1 * oy, 0, 0];
}

/** Random transforms for a batch of `n` images. */
export function randomTransforms(n: number, rand: () => number, r: AugmentRange = DEFAULT_AUGMENT, size = 28): Float32Array {
  const out = new Float32Array(n * 8);
  for (let i = 0; i < n; i++) {
    const deg = (rand() * 2 - 1) * r.rotate;
    const s = 1 + (rand() * 2 - 1) * r.scale;
    const aspect = 1 + (rand() * 2 - 1) * r.scale * 0.5;
    const tx = (rand() * 2 - 1) * r.shift * size;
    const ty = (rand() * 2 - 1) * r.shift * size;
    out.set(affineRow(deg, s * aspect, s / aspect, tx, ty, size), i * 8);
  }
  return out;
}

/** Applies per-image affine transforms to [n,28,28,1] images (bilinear, zero fill). */
export function applyTransforms(images: tf.Tensor4D, transforms: Float32Array): tf.Tensor4D {
  return tf.tidy(() => {
    const t = tf.tensor2d(transforms, [images.shape[0], 8]);
    return tf.image.transform(images, t, 'bilinear', 'constant', 0) as tf.Tensor4D;
  });
}

/** The whole augmentation of one batch: affine, then (by `config`) elastic and thickness, drawing from `rand`. */
export function augmentBatch(x: tf.Tensor4D, config: { elastic?: number; thickness?: number }, rand: () => number): tf.Tensor4D {
  const n = x.shape[0];
  const transforms = randomTransforms(n, rand);
  let out = config.elastic ? applyWarp(x, warpSamples(n, transforms, rand, { ...DEFAULT_ELASTIC, share: config.elastic })) : applyTransforms(x, transforms);
  if (config.thickness) out = applyThickness(out, thicknessAmounts(n, rand, config.thickness));
  return out;
}
