/**
 * Everyday changes to a 28×28 drawing, for "how sturdy is the answer":
 * thicker or thinner strokes, a turn, a shift, a blur and noise. Pure, so the
 * page makes the images and the lab worker only predicts them.
 */
import { rng } from './rng';

export interface Perturbation {
  /** Noise amplitude: each pixel gets uniform noise in ±noise. 0..1. */
  noise: number;
  /** Gaussian blur, sigma in pixels. */
  blur: number;
  /** Turn about the centre, degrees (positive = clockwise on screen). */
  rotation: number;
  /** Stroke thickness change in pixels: positive grows the ink (dilation), negative thins it (erosion). */
  thickness: number;
  /** Shift in pixels (right, down). */
  shiftX: number;
  shiftY: number;
}

export const NO_PERTURBATION: Perturbation = { noise: 0, blur: 0, rotation: 0, thickness: 0, shiftX: 0, shiftY: 0 };

const N = 28;

/** One step of grey dilation (max) or erosion (min) over each pixel's 3×3 neighbourhood. */
function morph(img: Float32Array, grow: boolean): Float32Array {
  const out = new Float32Array(N * N);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      let v = grow ? 0 : 1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          const p = yy < 0 || yy >= N || xx < 0 || xx >= N ? 0 : img[yy * N + xx];
          v = grow ? Math.max(v, p) : Math.min(v, p);
        }
      }
      out[y * N + x] = v;
    }
  }
  return out;
}

function thicken(img: Float32Array, t: number): Float32Array {
  if (t === 0) return img;
  const grow = t > 0;
  const whole = Math.floor(Math.abs(t));
  const part = Math.abs(t) - whole;
  let a = img;
  for (let i = 0; i < whole; i++) a = morph(a, grow);
  if (part === 0) return a;
  const b = morph(a, grow);
  return a.map((v, i) => v + part * (b[i] - v));
}

/** Rotation about the centre and a shift, sampled bilinearly (outside is black). */
function affine(img: Float32Array, degrees: number, sx: number, sy: number): Float32Array {
  if (degrees === 0 && sx === 0 && sy === 0) return img;
  const out = new Float32Array(N * N);
  const r = (-degrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const c = (N - 1) / 2;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= N || y >= N ? 0 : img[y * N + x]);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      // Where this output pixel comes from: undo the shift, then the turn.
      const ux = x - sx - c;
      const uy = y - sy - c;
      const fx = cos * ux - sin * uy + c;
      const fy = sin * ux + cos * uy + c;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      out[y * N + x] = (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) + ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1));
    }
  }
  return out;
}

function blur(img: Float32Array, sigma: number): Float32Array {
  if (sigma <= 0) return img;
  const rad = Math.max(1, Math.ceil(sigma * 3));
  const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-((i - rad) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const w = k.map((v) => v / sum);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(N * N);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) {
        let v = 0;
        for (let i = -rad; i <= rad; i++) {
          const xx = horizontal ? x + i : x;
          const yy = horizontal ? y : y + i;
          if (xx >= 0 && xx < N && yy >= 0 && yy < N) v += w[i + rad] * src[yy * N + xx];
        }
        out[y * N + x] = v;
      }
    }
    return out;
  };
  return pass(pass(img, true), false);
}

/** The drawing with `p` applied, pixels kept in 0..1. The same seed gives the same noise. */
export function perturb(image: Float32Array, p: Perturbation, seed = 1): Float32Array {
  let img = thicken(image, p.thickness);
  img = affine(img, p.rotation, p.shiftX, p.shiftY);
  img = blur(img, p.blur);
  const next = rng(seed);
  const out = new Float32Array(N * N);
  for (let i = 0; i < out.length; i++) {
    const v = img[i] + (p.noise > 0 ? p.noise * (2 * next() - 1) : 0);
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return out;
}
