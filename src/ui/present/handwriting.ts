/**
 * Built-in handwriting for presentation mode: each digit as pen strokes in a
 * unit square (0..1), written the usual way, and a seeded variation (slant,
 * size, position) so every pass through the ten digits looks hand-made.
 * Points are resampled densely, like a pointer, so drawing them stroke by
 * stroke animates smoothly.
 */
import type { Point, Stroke } from '../../shared/preprocess';
import { rng } from '../../shared/rng';

type Path = [number, number][];

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number, start = -Math.PI / 2): Path {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = start + (i / n) * 2 * Math.PI;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as [number, number];
  });
}

/** Stroke templates per digit (the same shapes the e2e specs draw, which the shipped model reads). */
export const DIGIT_TEMPLATES: Record<number, Path[]> = {
  0: [ellipse(0.5, 0.5, 0.24, 0.36, 24)],
  1: [[[0.4, 0.26], [0.53, 0.15], [0.53, 0.85]]],
  2: [[[0.3, 0.3], [0.4, 0.18], [0.55, 0.15], [0.68, 0.24], [0.68, 0.38], [0.3, 0.84], [0.72, 0.84]]],
  3: [[[0.3, 0.2], [0.55, 0.15], [0.68, 0.28], [0.5, 0.48], [0.7, 0.64], [0.6, 0.82], [0.3, 0.82]]],
  4: [[[0.6, 0.15], [0.28, 0.6], [0.75, 0.6]], [[0.6, 0.38], [0.6, 0.86]]],
  5: [[[0.7, 0.16], [0.35, 0.16], [0.32, 0.46], [0.55, 0.44], [0.7, 0.58], [0.66, 0.78], [0.48, 0.86], [0.3, 0.8]]],
  6: [[[0.65, 0.16], [0.42, 0.35], [0.32, 0.62], [0.4, 0.84], [0.62, 0.84], [0.68, 0.64], [0.52, 0.52], [0.35, 0.62]]],
  7: [[[0.28, 0.18], [0.72, 0.18], [0.45, 0.86]]],
  8: [[...ellipse(0.5, 0.32, 0.16, 0.16, 16), ...ellipse(0.5, 0.66, 0.2, 0.19, 18, Math.PI)]],
  9: [[...ellipse(0.5, 0.34, 0.17, 0.17, 18, 0), [0.67, 0.34], [0.62, 0.86]]],
};

/** A drawing to show: its strokes in unit coordinates and the digit it is. */
export interface Drawing {
  label: number;
  strokes: Stroke[];
  /** Where it comes from: built in, or one of the user's samples. */
  source: 'builtin' | 'sample';
}

/** Splits each segment so no two points are more than `step` apart (unit square). */
export function resample(strokes: readonly Stroke[], step = 0.012): Stroke[] {
  return strokes.map((s) => {
    if (s.length < 2) return s.slice();
    const out: Point[] = [];
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1];
      const b = s[i];
      const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
      for (let k = 0; k < n; k++) out.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
    }
    out.push({ x: s[s.length - 1].x, y: s[s.length - 1].y });
    return out;
  });
}

/** One hand-made drawing of `digit`: slant up to ±7°, size ±8%, offset ±4%, seeded. `seed` 0 is the template itself. */
export function handwritten(digit: number, seed: number): Stroke[] {
  const template = DIGIT_TEMPLATES[digit];
  if (!template) throw new RangeError(`no template for ${digit}`);
  const r = rng(seed * 7919 + digit);
  const u = () => (seed === 0 ? 0 : r() * 2 - 1);
  const slant = Math.tan((u() * 7 * Math.PI) / 180);
  const s = 1 + u() * 0.08;
  const ox = u() * 0.04;
  const oy = u() * 0.04;
  const strokes = template.map((path) =>
    path.map(([x, y]) => {
      const dx = (x - 0.5) * s;
      const dy = (y - 0.5) * s;
      // Handwriting leans (a shear) rather than rotates.
      return { x: 0.5 + dx - slant * dy + ox, y: 0.5 + dy + oy };
    }),
  );
  return resample(strokes);
}

/** The order the built-in digits are shown in: not counting up, so each one is a small surprise. */
export const SHOW_ORDER = [3, 7, 0, 5, 2, 8, 1, 6, 4, 9] as const;

/**
 * The `index`-th drawing of the cycle: the ten built-in digits, then up to
 * `samples.length` of the user's samples, round and round; every pass writes
 * the built-in digits a little differently.
 */
export function drawingAt(index: number, samples: readonly { label: number; strokes: Stroke[] }[]): Drawing {
  const cycle = SHOW_ORDER.length + samples.length;
  const i = ((index % cycle) + cycle) % cycle;
  const pass = Math.floor(index / cycle);
  if (i < SHOW_ORDER.length) return { label: SHOW_ORDER[i], strokes: handwritten(SHOW_ORDER[i], Math.abs(pass)), source: 'builtin' };
  const sample = samples[i - SHOW_ORDER.length];
  return { label: sample.label, strokes: resample(sample.strokes), source: 'sample' };
}
