/**
 * Turning a drawing into what the network sees, the way MNIST itself was made:
 * crop to the ink, scale the longer side to 20 px (area-averaged), then paste
 * into 28×28 so the centre of mass sits at the centre. Pure functions, no DOM,
 * so the page, workers and unit tests all run the very same code.
 */

/** One sampled pointer position. `pressure` (0..1) is only recorded for pens. */
export interface Point {
  x: number;
  y: number;
  pressure?: number;
}

/** A stroke is the points of one pointer-down … pointer-up. */
export type Stroke = readonly Point[];

/** Side of the network's input image. */
export const MNIST_SIZE = 28;
/** Side of the box the digit's longer side is scaled to (MNIST: 20 px). */
export const MNIST_BOX = 20;
/** Where the centre of mass goes, in pixel-index coordinates (measured on MNIST: 14.00, 13.99). */
export const MNIST_CENTER = 14;
/** Internal raster the strokes are drawn into before preprocessing. */
export const RASTER_SIZE = 280;
/** Line width as a fraction of the canvas side; 1/14 gives MNIST-like stroke proportions. */
export const LINE_WIDTH_RATIO = 1 / 14;

/** Radius multiplier for a point: pressure changes the width gently, never to nothing. */
export function pressureFactor(pressure: number | undefined): number {
  if (pressure === undefined || !Number.isFinite(pressure)) return 1;
  const p = Math.min(1, Math.max(0, pressure));
  return 0.75 + 0.5 * p;
}

export interface RasterOptions {
  width: number;
  height: number;
  /** Line width in raster pixels (before `scale` is applied to points). */
  lineWidth: number;
  /** Multiplies point coordinates, e.g. RASTER_SIZE / canvas CSS size. Default 1. */
  scale?: number;
}

/**
 * Draws strokes as anti-aliased round capsules into a fresh ink raster
 * (0 = paper, 1 = ink), row-major `width × height`.
 */
export function rasterizeStrokes(strokes: readonly Stroke[], opts: RasterOptions): Float32Array {
  const { width, height, lineWidth } = opts;
  const scale = opts.scale ?? 1;
  const out = new Float32Array(width * height);
  const half = lineWidth / 2;
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    const first = stroke[0];
    if (stroke.length === 1) {
      const r = half * pressureFactor(first.pressure);
      stampCapsule(out, width, height, first.x * scale, first.y * scale, r, first.x * scale, first.y * scale, r);
      continue;
    }
    for (let i = 1; i < stroke.length; i++) {
      const a = stroke[i - 1];
      const b = stroke[i];
      stampCapsule(
        out, width, height,
        a.x * scale, a.y * scale, half * pressureFactor(a.pressure),
        b.x * scale, b.y * scale, half * pressureFactor(b.pressure),
      );
    }
  }
  return out;
}

/** Max-blends one tapered capsule (segment a→b, radii ra→rb) with a one-pixel anti-aliased edge. */
function stampCapsule(
  out: Float32Array, width: number, height: number,
  ax: number, ay: number, ra: number, bx: number, by: number, rb: number,
): void {
  const rmax = Math.max(ra, rb);
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - rmax - 1));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + rmax + 1));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - rmax - 1));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by) + rmax + 1));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const qx = ax + t * dx - px;
      const qy = ay + t * dy - py;
      const d = Math.sqrt(qx * qx + qy * qy);
      const r = ra + (rb - ra) * t;
      const cover = r + 0.5 - d;
      if (cover <= 0) continue;
      const v = cover >= 1 ? 1 : cover;
      const k = y * width + x;
      if (v > out[k]) out[k] = v;
    }
  }
}

export interface PreprocessOptions {
  /** Ink above this counts for the bounding box. Default 0.05. */
  threshold?: number;
  /**
   * The crop's longer side is treated as at least this fraction of the raster's
   * longer side, so a dot or a tiny scribble stays small instead of being blown
   * up into a 20 px blob. 0 gives MNIST's rule exactly. Default 0.3.
   */
  minBoxFraction?: number;
}

/** An ink raster: Float32Array 0..1, or Uint8ClampedArray 0..255 (one channel, or RGBA whose alpha is read). */
export type InkData = Float32Array | Uint8ClampedArray;

/**
 * MNIST-style 28×28 input (white ink on black, 0..1, row-major) from an ink
 * raster, or null when there is no ink.
 */
export function preprocess(ink: InkData, width: number, height: number, opts: PreprocessOptions = {}): Float32Array | null {
  const threshold = opts.threshold ?? 0.05;
  const minBoxFraction = opts.minBoxFraction ?? 0.3;
  const src = toFloatInk(ink, width, height);

  // 1. Bounding box of the ink.
  let bx0 = width, bx1 = -1, by0 = height, by1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (src[row + x] > threshold) {
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
    }
  }
  if (bx1 < 0) return null;
  const w = bx1 - bx0 + 1;
  const h = by1 - by0 + 1;

  // 2. Longer side → 20 px, same factor both ways, box filter (area average).
  const longer = Math.max(w, h, minBoxFraction * Math.max(width, height));
  const s = MNIST_BOX / longer;
  const ow = Math.min(MNIST_SIZE, Math.max(1, Math.ceil(w * s - 1e-6)));
  const oh = Math.min(MNIST_SIZE, Math.max(1, Math.ceil(h * s - 1e-6)));
  const wx = boxWeights(w, ow, s);
  const wy = boxWeights(h, oh, s);
  // Horizontal pass: h rows × ow.
  const tmp = new Float32Array(h * ow);
  for (let y = 0; y < h; y++) {
    const row = (by0 + y) * width + bx0;
    for (let j = 0; j < ow; j++) {
      const { start, weights } = wx[j];
      let acc = 0;
      for (let k = 0; k < weights.length; k++) acc += src[row + start + k] * weights[k];
      tmp[y * ow + j] = acc;
    }
  }
  // Vertical pass: oh × ow.
  const small = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    const { start, weights } = wy[i];
    for (let j = 0; j < ow; j++) {
      let acc = 0;
      for (let k = 0; k < weights.length; k++) acc += tmp[(start + k) * ow + j] * weights[k];
      small[i * ow + j] = acc;
    }
  }

  // MNIST digits always reach full intensity; thin strokes would otherwise come out grey.
  let max = 0;
  for (let k = 0; k < small.length; k++) if (small[k] > max) max = small[k];
  if (max <= 0) return null;
  const gain = 1 / max;

  // 3. Centre of mass → (14, 14), by a whole-pixel shift, kept inside the frame.
  let mass = 0, mx = 0, my = 0;
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const v = small[i * ow + j];
      mass += v;
      mx += j * v;
      my += i * v;
    }
  }
  const ox = clamp(Math.round(MNIST_CENTER - mx / mass), 0, MNIST_SIZE - ow);
  const oy = clamp(Math.round(MNIST_CENTER - my / mass), 0, MNIST_SIZE - oh);
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      out[(oy + i) * MNIST_SIZE + ox + j] = Math.min(1, small[i * ow + j] * gain);
    }
  }
  return out;
}

/** Strokes in CSS px on a square canvas of side `viewSize` → the 28×28 network input, or null when blank. */
export function strokesToInput(strokes: readonly Stroke[], viewSize: number, opts?: PreprocessOptions): Float32Array | null {
  if (strokes.length === 0 || !(viewSize > 0)) return null;
  const ink = rasterizeStrokes(strokes, {
    width: RASTER_SIZE,
    height: RASTER_SIZE,
    lineWidth: RASTER_SIZE * LINE_WIDTH_RATIO,
    scale: RASTER_SIZE / viewSize,
  });
  return preprocess(ink, RASTER_SIZE, RASTER_SIZE, opts);
}

/** Centre of mass (pixel-index coordinates) and bounding box of a square image; for tests and diagnostics. */
export function imageStats(img: ArrayLike<number>, size = MNIST_SIZE, threshold = 0.05) {
  let mass = 0, mx = 0, my = 0;
  let x0 = size, x1 = -1, y0 = size, y1 = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = img[y * size + x];
      mass += v;
      mx += x * v;
      my += y * v;
      if (v > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return {
    mass,
    cx: mass > 0 ? mx / mass : NaN,
    cy: mass > 0 ? my / mass : NaN,
    box: { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
  };
}

interface Taps {
  start: number;
  weights: Float32Array;
}

/**
 * For each of `n` output pixels, the source pixels it overlaps (of `len`) and
 * the weights that average them: output pixel j covers source [j/s, (j+1)/s).
 */
function boxWeights(len: number, n: number, s: number): Taps[] {
  const taps: Taps[] = [];
  for (let j = 0; j < n; j++) {
    const a = j / s;
    const b = Math.min(len, (j + 1) / s);
    const start = Math.floor(a);
    const end = Math.min(len, Math.ceil(b));
    const weights = new Float32Array(Math.max(0, end - start));
    for (let k = start; k < end; k++) {
      const overlap = Math.min(b, k + 1) - Math.max(a, k);
      // Divide by the output pixel's width in source units (1/s): an average, so partly covered edge pixels come out fainter.
      weights[k - start] = Math.max(0, overlap) * s;
    }
    taps.push({ start, weights });
  }
  return taps;
}

function toFloatInk(ink: InkData, width: number, height: number): Float32Array {
  const n = width * height;
  if (ink instanceof Float32Array) {
    if (ink.length !== n) throw new RangeError(`ink has ${ink.length} values for a ${width}×${height} raster`);
    return ink;
  }
  const out = new Float32Array(n);
  if (ink.length === n) {
    for (let k = 0; k < n; k++) out[k] = ink[k] / 255;
  } else if (ink.length === n * 4) {
    for (let k = 0; k < n; k++) out[k] = ink[k * 4 + 3] / 255;
  } else {
    throw new RangeError(`ink has ${ink.length} bytes for a ${width}×${height} raster (expected ${n} or ${n * 4})`);
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
