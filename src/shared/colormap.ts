/**
 * Colour scales for weights and activations, pure and DOM-free: a diverging
 * scale symmetric around zero for signed values (weights, saliency) and
 * perceptual sequential scales for activations. Lookup tables of 256 colours.
 */

export interface ColorMap {
  name: string;
  kind: 'diverging' | 'sequential';
  /** 256 RGB triples. */
  lut: Uint8ClampedArray;
  /** CSS gradient stops, for legends. */
  css: string;
}

/** A value range; diverging scales use [-m, m]. */
export interface Range {
  min: number;
  max: number;
}

const hex = (h: string): [number, number, number] => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/** Builds a 256-entry LUT by linear interpolation between `stops` ([position 0..1, #rrggbb], sorted). */
export function makeColorMap(name: string, kind: ColorMap['kind'], stops: [number, string][]): ColorMap {
  const lut = new Uint8ClampedArray(256 * 3);
  const rgb = stops.map(([t, h]) => [t, ...hex(h)] as const);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let k = 0;
    while (k < rgb.length - 2 && t > rgb[k + 1][0]) k++;
    const [t0, r0, g0, b0] = rgb[k];
    const [t1, r1, g1, b1] = rgb[k + 1];
    const f = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    lut[i * 3] = Math.round(r0 + (r1 - r0) * f);
    lut[i * 3 + 1] = Math.round(g0 + (g1 - g0) * f);
    lut[i * 3 + 2] = Math.round(b0 + (b1 - b0) * f);
  }
  const css = `linear-gradient(90deg, ${stops.map(([t, h]) => `${h} ${Math.round(t * 100)}%`).join(', ')})`;
  return { name, kind, lut, css };
}

/** Cold for negative, dark at zero, hot for positive: brightness grows with |value| on both sides, so zero fades into a dark page. */
export const DIVERGING = makeColorMap('ice-fire', 'diverging', [
  [0, '#d8f3ff'],
  [0.15, '#62c6f2'],
  [0.32, '#2e6fd1'],
  [0.45, '#1a2858'],
  [0.5, '#0c0f1e'],
  [0.55, '#5b1d2c'],
  [0.68, '#c23b2c'],
  [0.85, '#f29444'],
  [1, '#ffeab8'],
]);

/** Matplotlib's magma (sampled): black → purple → orange → pale yellow. */
export const MAGMA = makeColorMap('magma', 'sequential', [
  [0, '#000004'],
  [0.125, '#1c1044'],
  [0.25, '#4f127b'],
  [0.375, '#812581'],
  [0.5, '#b5367a'],
  [0.625, '#e55064'],
  [0.75, '#fb8761'],
  [0.875, '#fec287'],
  [1, '#fcfdbf'],
]);

/** Matplotlib's viridis (sampled). */
export const VIRIDIS = makeColorMap('viridis', 'sequential', [
  [0, '#440154'],
  [0.125, '#482878'],
  [0.25, '#3e4989'],
  [0.375, '#31688e'],
  [0.5, '#26828e'],
  [0.625, '#1f9e89'],
  [0.75, '#35b779'],
  [0.875, '#6ece58'],
  [1, '#fde725'],
]);

/** Plain grey, for images as the network sees them (0 black, 1 white). */
export const GRAY = makeColorMap('gray', 'sequential', [
  [0, '#000000'],
  [1, '#ffffff'],
]);

/** Colour for NaN or infinite values. */
export const NAN_RGB: readonly [number, number, number] = [255, 0, 255];

/** Min and max of the finite values (in `data[from, to)`); {0, 0} when there are none. */
export function valueRange(data: ArrayLike<number>, from = 0, to = data.length): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** The range a scale of `kind` should span: symmetric [-m, m] around zero for diverging scales. */
export function scaleRange(r: Range, kind: ColorMap['kind']): Range {
  if (kind === 'sequential') return r;
  const m = Math.max(Math.abs(r.min), Math.abs(r.max));
  return { min: -m, max: m };
}

/** Maps v to a LUT index 0..255 over [lo, hi]; a degenerate range gives the middle (diverging) or the bottom (sequential). */
export function lutIndex(v: number, lo: number, hi: number, kind: ColorMap['kind']): number {
  if (!(hi > lo)) return kind === 'diverging' ? (v > hi ? 255 : v < lo ? 0 : 128) : v > hi ? 255 : 0;
  const t = (v - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

/** Writes `count` values (from `values[offset]`) as RGBA into `out` at `outOffset` pixels; non-finite values get `nan`. */
export function colorize(values: ArrayLike<number>, offset: number, count: number, map: ColorMap, r: Range, out: Uint8ClampedArray, outOffset = 0, nan: readonly [number, number, number] = NAN_RGB): void {
  const { lut, kind } = map;
  for (let i = 0; i < count; i++) {
    const v = values[offset + i];
    const o = (outOffset + i) * 4;
    if (!Number.isFinite(v)) {
      out[o] = nan[0];
      out[o + 1] = nan[1];
      out[o + 2] = nan[2];
    } else {
      const k = lutIndex(v, r.min, r.max, kind) * 3;
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
    }
    out[o + 3] = 255;
  }
}

/** Short, readable number for legends: 3 significant digits, no "-0". */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0 || Object.is(v, -0)) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
