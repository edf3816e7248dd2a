/** Seeded noise, so a noise image can be named, shared and drawn again. */

import { rng } from '../../shared/rng';

/** The shared seedable PRNG, under the name this module has always exported. */
export const prng = rng;

/** A 28×28 image of uniform noise in [lo, hi), from `seed`. */
export function noiseImage(seed: number, lo = 0, hi = 1): Float32Array {
  const next = prng(seed);
  const img = new Float32Array(784);
  for (let i = 0; i < img.length; i++) img[i] = lo + (hi - lo) * next();
  return img;
}
