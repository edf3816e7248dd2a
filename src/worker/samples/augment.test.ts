import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { Point } from '../../shared/preprocess';
import { affineRow, applyTransforms } from '../train/augment';
import {
  FRAME_MARGIN,
  MAX_SHIFT,
  RESCALES,
  ROTATION_CHOICES,
  ROTATIONS_PER_RESCALE,
  THICKNESSES,
  VARIANTS_PER_SAMPLE,
  fitVariant,
  inkBox,
  planVariants,
  renderAtThickness,
  sampleVariants,
} from './augment';

/** A polyline through unit-square points, densely sampled like a mouse stroke. */
function line(...pts: [number, number][]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    for (let t = 0; t < 1; t += 0.1) out.push({ x: ax + (bx - ax) * t, y: ay + (by - ay) * t });
  }
  out.push({ x: pts[pts.length - 1][0], y: pts[pts.length - 1][1] });
  return out;
}

const SEVEN = { label: 7, strokes: [line([0.28, 0.18], [0.72, 0.18], [0.45, 0.86])] };
const FOUR = { label: 4, strokes: [line([0.6, 0.15], [0.28, 0.6], [0.75, 0.6]), line([0.6, 0.38], [0.6, 0.86])] };
// A bar from corner to corner: the widest thing to rotate.
const WIDE = { label: 1, strokes: [line([0.1, 0.1], [0.9, 0.9])] };

const mass = (img: ArrayLike<number>) => Array.from(img).reduce((a, b) => a + b, 0);
function border(img: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < 28; i++) s += img[i] + img[27 * 28 + i] + img[i * 28] + img[i * 28 + 27];
  return s;
}
/** Orientation of the ink's principal axis, degrees from the +x axis (image coordinates, y down). */
function axisAngle(img: ArrayLike<number>): number {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) { const v = img[y * 28 + x]; m += v; mx += x * v; my += y * v; }
  mx /= m; my /= m;
  let sxx = 0, syy = 0, sxy = 0;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) { const v = img[y * 28 + x]; sxx += v * (x - mx) ** 2; syy += v * (y - my) ** 2; sxy += v * (x - mx) * (y - my); }
  return (0.5 * Math.atan2(2 * sxy, sxx - syy) * 180) / Math.PI;
}

async function warp(img: Float32Array, deg: number, sx: number, sy: number, tx = 0, ty = 0): Promise<Float32Array> {
  const t = applyTransforms(tf.tensor4d(img, [1, 28, 28, 1]), Float32Array.from(affineRow(deg, sx, sy, tx, ty)));
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the variant plan', () => {
  it('is the Flask recipe (4 rescales × 6 rotations) at each of 3 thicknesses, thickness 1 first', () => {
    const plan = planVariants(42);
    expect(plan).toHaveLength(VARIANTS_PER_SAMPLE);
    expect(VARIANTS_PER_SAMPLE).toBe(72);
    expect(ROTATION_CHOICES).toEqual([-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30]);
    expect(RESCALES).toHaveLength(4);
    expect(new Set(RESCALES.map(([w, h]) => `${w}x${h}`)).size).toBe(4);
    expect(plan.slice(0, 24).every((v) => v.thickness === 1)).toBe(true);
    for (const thickness of THICKNESSES) {
      for (const [sx, sy] of RESCALES) {
        const group = plan.filter((v) => v.thickness === thickness && v.sx === sx && v.sy === sy);
        expect(group).toHaveLength(ROTATIONS_PER_RESCALE);
        const angles = group.map((v) => v.deg);
        // Six different angles, each from −30..30 in 5° steps.
        expect(new Set(angles).size).toBe(6);
        for (const a of angles) expect(ROTATION_CHOICES).toContain(a);
      }
    }
    for (const v of plan) {
      for (const s of v.shift) {
        expect(Number.isInteger(s)).toBe(true);
        expect(Math.abs(s)).toBeLessThanOrEqual(MAX_SHIFT);
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(planVariants(7)).toEqual(planVariants(7));
    expect(planVariants(7).map((v) => v.deg)).not.toEqual(planVariants(8).map((v) => v.deg));
  });

  it('uses every angle over many seeds (rotations are random, not a fixed subset)', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) planVariants(seed).forEach((v) => seen.add(v.deg));
    expect([...seen].sort((a, b) => a - b)).toEqual(ROTATION_CHOICES);
  });
});

describe('variant images', () => {
  it('are identical for the same seed', async () => {
    const a = sampleVariants(SEVEN, 3);
    const b = sampleVariants(SEVEN, 3);
    try {
      expect(a.specs).toEqual(b.specs);
      expect(a.images.shape).toEqual([72, 28, 28, 1]);
      expect(Array.from(await a.images.data())).toEqual(Array.from(await b.images.data()));
    } finally {
      tf.dispose([a.images, b.images]);
    }
  });

  it('keep the ink inside the 28×28 frame, even for the widest drawing', async () => {
    for (const sample of [SEVEN, FOUR, WIDE]) {
      for (const seed of [1, 2, 3]) {
        const { images, specs } = sampleVariants(sample, seed);
        const data = (await images.data()) as Float32Array;
        images.dispose();
        const bases = THICKNESSES.map((t) => renderAtThickness(sample.strokes, t)!);
        specs.forEach((s, i) => {
          const img = data.subarray(i * 784, (i + 1) * 784);
          // Nothing on the edge pixels …
          expect(border(img), `variant ${i} (${JSON.stringify(s)})`).toBeLessThan(0.05);
          // … and no ink lost off the frame: bilinear warping keeps mass × the area scale.
          const base = bases[THICKNESSES.indexOf(s.thickness)];
          const ratio = mass(img) / (mass(base) * s.sx * s.sy);
          expect(ratio, `variant ${i}`).toBeGreaterThan(0.85);
          expect(ratio, `variant ${i}`).toBeLessThan(1.15);
        });
      }
    }
  });

  it('fits a transform that would push ink off the frame back inside', () => {
    const img = renderAtThickness(WIDE.strokes, 1)!;
    const fitted = fitVariant(img, { thickness: 1, sx: 1, sy: 1, deg: 45, shift: [2, 2] });
    // Rotated 45° the diagonal bar is wider than the frame: it is scaled down (both axes alike) and recentred.
    expect(fitted.sx).toBeLessThan(1);
    expect(fitted.sx).toBeCloseTo(fitted.sy, 10);
    const box = inkBox(img)!;
    expect(box.x1 - box.x0).toBeGreaterThan(15);
    // An easy transform is left alone.
    const seven = renderAtThickness(SEVEN.strokes, 1)!;
    expect(fitVariant(seven, { thickness: 1, sx: 0.8, sy: 0.8, deg: 0, shift: [1, -1] })).toEqual({ thickness: 1, sx: 0.8, sy: 0.8, deg: 0, tx: 1, ty: -1 });
    expect(FRAME_MARGIN).toBeGreaterThanOrEqual(1);
  });

  it('rotate by the planned angle', async () => {
    const bar = renderAtThickness([line([0.5, 0.15], [0.5, 0.85])], 1)!;
    const before = axisAngle(bar);
    expect(Math.abs(Math.abs(before) - 90)).toBeLessThan(1);
    for (const deg of [-30, -15, 10, 25]) {
      const after = axisAngle(await warp(bar, deg, 1, 1));
      let turned = after - before;
      if (turned > 90) turned -= 180;
      if (turned < -90) turned += 180;
      expect(Math.abs(turned - deg), `${deg}°`).toBeLessThan(2);
    }
  });

  it('rescale width and height separately', async () => {
    const seven = renderAtThickness(SEVEN.strokes, 1)!;
    const b0 = inkBox(seven, 0.3)!;
    const narrow = inkBox(await warp(seven, 0, 0.8, 1), 0.3)!;
    const short = inkBox(await warp(seven, 0, 1, 0.8), 0.3)!;
    const w = (b: typeof b0) => b.x1 - b.x0;
    const h = (b: typeof b0) => b.y1 - b.y0;
    expect(w(narrow) / w(b0)).toBeGreaterThan(0.72);
    expect(w(narrow) / w(b0)).toBeLessThan(0.88);
    expect(h(narrow) / h(b0)).toBeGreaterThan(0.93);
    expect(h(short) / h(b0)).toBeGreaterThan(0.72);
    expect(h(short) / h(b0)).toBeLessThan(0.88);
    expect(w(short) / w(b0)).toBeGreaterThan(0.93);
  });

  it('re-rasterise the strokes thinner and bolder', () => {
    const [normal, thin, bold] = THICKNESSES.map((t) => mass(renderAtThickness(FOUR.strokes, t)!));
    expect(thin).toBeLessThan(normal * 0.85);
    expect(bold).toBeGreaterThan(normal * 1.15);
  });

  it('leak no tensors', () => {
    const before = tf.memory().numTensors;
    const { images } = sampleVariants(FOUR, 9);
    images.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
