/**
 * Variants of one drawing for fine-tuning. The Flask site's recipe, 4
 * width/height rescales × 6 random rotations from −30..30° in 5° steps = 24,
 * done at three stroke thicknesses (the strokes re-rasterised with the pure
 * rasteriser, then preprocessed as a drawing is), each with a small shift:
 * 72 per drawing. Every variant is fitted so its ink stays inside the 28×28
 * frame. Deterministic for a seed.
 */
import * as tf from '../tf';
import { LINE_WIDTH_RATIO, MNIST_SIZE, RASTER_SIZE, preprocess, rasterizeStrokes } from '../../shared/preprocess';
import type { TrainingSample, VariantSpec } from '../../shared/teach-types';
import { affineRow, applyTransforms, rng } from '../train/augment';
import { badRequest } from '../errors';
import { RESCALES, ROTATION_CHOICES, ROTATIONS_PER_RESCALE, THICKNESSES } from '../../shared/teach-defaults';

export { RESCALES, ROTATION_CHOICES, ROTATIONS_PER_RESCALE, THICKNESSES, VARIANTS_PER_SAMPLE } from '../../shared/teach-defaults';

/** Largest random shift, pixels each way. */
export const MAX_SHIFT = 2;
/** The ink's outer edge stays this far inside the frame (pixel units), so bilinear spill never reaches the edge pixels. */
export const FRAME_MARGIN = 1;

/** A planned variant: its transform before fitting, with the random shift it asks for. */
export interface PlannedVariant {
  thickness: number;
  sx: number;
  sy: number;
  deg: number;
  shift: [number, number];
}

/** The variant plan for a seed: thickness-major, then rescale, then 6 distinct angles each with a shift. */
export function planVariants(seed: number, thicknesses: readonly number[] = THICKNESSES): PlannedVariant[] {
  const rand = rng(seed);
  const shift = () => Math.floor(rand() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
  const plan: PlannedVariant[] = [];
  for (const thickness of thicknesses) {
    for (const [sx, sy] of RESCALES) {
      // Six distinct angles: a partial Fisher–Yates shuffle of the 13 choices.
      const pool = ROTATION_CHOICES.slice();
      for (let i = 0; i < ROTATIONS_PER_RESCALE; i++) {
        const j = i + Math.floor(rand() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
        plan.push({ thickness, sx, sy, deg: pool[i], shift: [shift(), shift()] });
      }
    }
  }
  return plan;
}

/** The 28×28 input for the strokes drawn at `thickness` × the usual line width, or null when blank. */
export function renderAtThickness(strokes: TrainingSample['strokes'], thickness: number): Float32Array | null {
  if (strokes.length === 0) return null;
  const ink = rasterizeStrokes(strokes, { width: RASTER_SIZE, height: RASTER_SIZE, lineWidth: RASTER_SIZE * LINE_WIDTH_RATIO * thickness, scale: RASTER_SIZE });
  return preprocess(ink, RASTER_SIZE, RASTER_SIZE);
}

/** Ink bounding box of a 28×28 image in pixel-edge coordinates, or null when blank. */
export function inkBox(img: ArrayLike<number>, threshold = 0.02): { x0: number; x1: number; y0: number; y1: number } | null {
  let x0 = MNIST_SIZE, x1 = -1, y0 = MNIST_SIZE, y1 = -1;
  for (let y = 0; y < MNIST_SIZE; y++) {
    for (let x = 0; x < MNIST_SIZE; x++) {
      if (img[y * MNIST_SIZE + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0: x0 - 0.5, x1: x1 + 0.5, y0: y0 - 0.5, y1: y1 + 0.5 };
}

/** Where the forward transform (rotate `deg`, scale sx/sy about the centre, shift) puts a box's corners. */
function transformedBox(box: { x0: number; x1: number; y0: number; y1: number }, deg: number, sx: number, sy: number, tx: number, ty: number) {
  const c = (MNIST_SIZE - 1) / 2;
  const th = (deg * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  let lx = Infinity, hx = -Infinity, ly = Infinity, hy = -Infinity;
  for (const [x, y] of [[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1]]) {
    // The inverse of affineRow's map: p' = R·S·(p − c) + c + t.
    const u = (x - c) * sx;
    const v = (y - c) * sy;
    const px = cos * u - sin * v + c + tx;
    const py = sin * u + cos * v + c + ty;
    lx = Math.min(lx, px);
    hx = Math.max(hx, px);
    ly = Math.min(ly, py);
    hy = Math.max(hy, py);
  }
  return { lx, hx, ly, hy };
}

/**
 * Fits a transform to an image's ink: shrinks it (both axes alike) if the
 * rotated ink would not fit inside the frame, then moves the shift just
 * enough to keep every corner of the ink's box `FRAME_MARGIN` inside.
 */
export function fitVariant(img: ArrayLike<number>, v: PlannedVariant): VariantSpec {
  const box = inkBox(img);
  let { sx, sy } = v;
  let [tx, ty] = v.shift;
  if (!box) return { thickness: v.thickness, sx, sy, deg: v.deg, tx, ty };
  const lo = -0.5 + FRAME_MARGIN;
  const hi = MNIST_SIZE - 0.5 - FRAME_MARGIN;
  let b = transformedBox(box, v.deg, sx, sy, 0, 0);
  const k = Math.min(1, (hi - lo) / (b.hx - b.lx), (hi - lo) / (b.hy - b.ly));
  if (k < 1) {
    sx *= k;
    sy *= k;
    b = transformedBox(box, v.deg, sx, sy, 0, 0);
  }
  const fit = (t: number, l: number, h: number) => (l + t < lo ? lo - l : h + t > hi ? hi - h : t);
  tx = fit(tx, b.lx, b.hx);
  ty = fit(ty, b.ly, b.hy);
  return { thickness: v.thickness, sx, sy, deg: v.deg, tx, ty };
}

/** The base images (one per thickness) of a sample; the stored image stands in when there are no strokes. */
export function baseImages(sample: TrainingSample, thicknesses: readonly number[] = THICKNESSES): (Float32Array | null)[] {
  if (sample.strokes.length === 0) return thicknesses.map((t) => (t === 1 && sample.image ? sample.image : null));
  return thicknesses.map((t) => (t === 1 && sample.image ? sample.image : renderAtThickness(sample.strokes, t)));
}

/**
 * All variants of one sample as a [n,28,28,1] tensor (caller disposes) and
 * their specs. Thicknesses whose drawing comes out blank are skipped.
 */
export function sampleVariants(sample: TrainingSample, seed: number, thicknesses: readonly number[] = THICKNESSES): { images: tf.Tensor4D; specs: VariantSpec[] } {
  const bases = baseImages(sample, thicknesses);
  const plan = planVariants(seed, thicknesses);
  const specs: VariantSpec[] = [];
  const from: number[] = [];
  plan.forEach((v) => {
    const ti = thicknesses.indexOf(v.thickness);
    const img = bases[ti];
    if (!img) return;
    specs.push(fitVariant(img, v));
    from.push(ti);
  });
  if (specs.length === 0) throw badRequest('The sample has no ink to learn from');
  const rows = new Float32Array(specs.length * 8);
  specs.forEach((s, i) => rows.set(affineRow(s.deg, s.sx, s.sy, s.tx, s.ty, MNIST_SIZE), i * 8));
  const images = tf.tidy(() => {
    const stack = new Float32Array(bases.length * 784);
    bases.forEach((b, i) => b && stack.set(b, i * 784));
    const base = tf.tensor4d(stack, [bases.length, 28, 28, 1]);
    const picked = tf.gather(base, tf.tensor1d(from, 'int32')) as tf.Tensor4D;
    return transformEach(picked, rows);
  });
  return { images, specs };
}

/**
 * `applyTransforms`, safe on every backend: tfjs 4.22's CPU Transform kernel
 * returns after the first image of a batch (the rest come back blank), so on
 * the CPU the images go through one at a time.
 */
export function transformEach(images: tf.Tensor4D, rows: Float32Array): tf.Tensor4D {
  const n = images.shape[0];
  if (tf.getBackend() !== 'cpu' || n === 1) return applyTransforms(images, rows);
  return tf.tidy(() => {
    const parts = tf.split(images, n, 0) as tf.Tensor4D[];
    return tf.concat(parts.map((im, i) => applyTransforms(im, rows.subarray(i * 8, i * 8 + 8))), 0) as tf.Tensor4D;
  });
}

/** Variants of many samples as one training pool on the backend: images [n,28,28,1] and int32 labels [n]. */
export async function variantPool(samples: readonly TrainingSample[], seed: number, onSample?: (done: number) => void, thicknesses?: readonly number[]): Promise<{ xs: tf.Tensor4D; ys: tf.Tensor1D; count: number }> {
  const parts: tf.Tensor4D[] = [];
  const labels: number[] = [];
  try {
    for (let i = 0; i < samples.length; i++) {
      const { images } = sampleVariants(samples[i], seed + 7919 * i, thicknesses);
      parts.push(images);
      for (let k = 0; k < images.shape[0]; k++) labels.push(samples[i].label);
      onSample?.(i + 1);
      // Rasterising is CPU work: let other requests (a prediction, a stop) through between samples.
      if (i % 8 === 7) await new Promise((r) => setTimeout(r, 0));
    }
    const xs = parts.length === 1 ? tf.clone(parts[0]) : (tf.concat(parts, 0) as tf.Tensor4D);
    return { xs, ys: tf.tensor1d(labels, 'int32'), count: labels.length };
  } finally {
    tf.dispose(parts);
  }
}
