/**
 * Synthetic handwriting for tests and the Teach report: stroke templates in a
 * unit square (0..1) for distinctive styles MNIST does not contain, and a
 * seeded jitter that makes each drawing different (slant, size, position,
 * wobble), sampled densely like a mouse. Plain ESM so Node scripts and
 * Playwright specs share it.
 */

/** mulberry32: small, fast, seedable. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const L = 0.32, R = 0.68, T = 0.15, M = 0.5, B = 0.85;

/** Digits the way a digital clock shows them, drawn as straight strokes: a style no MNIST writer uses. */
export const SEVEN_SEGMENT = {
  0: [[[L, T], [R, T], [R, B], [L, B], [L, T]]],
  1: [[[R, T], [R, B]]],
  2: [[[L, T], [R, T], [R, M], [L, M], [L, B], [R, B]]],
  3: [[[L, T], [R, T], [R, B], [L, B]], [[L, M], [R, M]]],
  4: [[[L, T], [L, M], [R, M]], [[R, T], [R, B]]],
  5: [[[R, T], [L, T], [L, M], [R, M], [R, B], [L, B]]],
  6: [[[R, T], [L, T], [L, B], [R, B], [R, M], [L, M]]],
  7: [[[L, T], [R, T], [R, B]]],
  8: [[[L, T], [R, T], [R, B], [L, B], [L, T]], [[L, M], [R, M]]],
  9: [[[R, M], [L, M], [L, T], [R, T], [R, B], [L, B]]],
};

/** A "1" with a long flag and a base, as many Europeans write it. */
export const FLAG_ONE = [
  [[0.3, 0.42], [0.56, 0.14], [0.56, 0.86]],
  [[0.36, 0.86], [0.76, 0.86]],
];

/**
 * One drawing of `template`: a random slant (±`slant`°), size (±`scale`),
 * offset and per-point wobble, resampled every `step` of the unit side.
 * Returns strokes of {x, y} in the unit square.
 */
export function jitter(template, seed, { slant = 8, scale = 0.1, offset = 0.05, wobble = 0.012, step = 0.015 } = {}) {
  const r = rng(seed);
  const u = () => r() * 2 - 1;
  const th = (u() * slant * Math.PI) / 180;
  const s = 1 + u() * scale;
  const sx = s * (1 + u() * 0.06);
  const sy = s;
  const ox = u() * offset;
  const oy = u() * offset;
  const map = ([x, y]) => {
    const dx = (x - 0.5) * sx;
    const dy = (y - 0.5) * sy;
    // Shear for the slant, as handwriting leans rather than rotates.
    return [0.5 + dx - Math.tan(th) * dy + ox, 0.5 + dy + oy];
  };
  return template.map((stroke) => {
    const pts = stroke.map(map);
    const out = [];
    for (let i = 1; i < pts.length; i++) {
      const [ax, ay] = pts[i - 1];
      const [bx, by] = pts[i];
      const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
      for (let k = 0; k < n; k++) {
        const t = k / n;
        out.push({ x: ax + (bx - ax) * t + u() * wobble, y: ay + (by - ay) * t + u() * wobble });
      }
    }
    const [lx, ly] = pts[pts.length - 1];
    out.push({ x: lx, y: ly });
    return out;
  });
}

/** `perDigit` jittered drawings of each digit of a style, labelled, seeds starting at `seed`. */
export function styleSet(style, perDigit, seed, opts) {
  const out = [];
  for (let i = 0; i < perDigit; i++) {
    for (const [digit, template] of Object.entries(style)) {
      out.push({ label: Number(digit), strokes: jitter(template, seed + i * 101 + Number(digit) * 7, opts) });
    }
  }
  return out;
}
