/** Seeded noise, so a noise image can be named, shared and drawn again. */

/** mulberry32: a tiny, fast PRNG; the same seed gives the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 28×28 image of uniform noise in [lo, hi), from `seed`. */
export function noiseImage(seed: number, lo = 0, hi = 1): Float32Array {
  const next = prng(seed);
  const img = new Float32Array(784);
  for (let i = 0; i < img.length; i++) img[i] = lo + (hi - lo) * next();
  return img;
}
