/**
 * A writer's hand: how a person's habits and input device turn a stroke
 * template into the points a canvas records. Habits (slant, aspect, size,
 * speed, device) hold for all ten digits a writer draws; each drawing varies
 * them a little. The pen moves fast mid-stroke and slows at the ends and at
 * corners, and the canvas sees it only at the device's event rate, so fast
 * strokes arrive as a few far-apart points, as they do in the app.
 */
import { LINE_WIDTH_RATIO, type Point, type Stroke } from '../preprocess';
import type { P, Path } from './geometry';

export type Device = 'mouse' | 'touch' | 'pen';

export interface Writer {
  device: Device;
  /** Canvas side in CSS px. */
  viewSize: number;
  /** Lean in degrees (a shear, as handwriting leans rather than turns); positive leans right. */
  slant: number;
  /** Rotation in degrees. */
  rotation: number;
  /** Width multiplier. */
  aspect: number;
  /** Digit height as a fraction of the canvas side (also sets stroke thickness relative to the digit: the canvas's line width is fixed). */
  size: number;
  /** Peak pen speed, CSS px per second. */
  speed: number;
  /** Pointer events per second the canvas receives. */
  rate: number;
  /** Slow drift of the hand, in digit heights. */
  wobble: number;
  /** Jitter of each recorded point, CSS px. */
  tremor: number;
  /** Typical pen pressure 0..1 (pens only; the canvas ignores mouse and touch pressure). */
  pressure: number;
}

/** The canvas drops a point closer than this to the previous one (DrawCanvas's MIN_STEP). */
export const MIN_STEP = 0.75;

/** A writer's habits from a seeded generator. */
export function sampleWriter(r: () => number): Writer {
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const mid = (lo: number, hi: number) => lo + ((hi - lo) * (r() + r())) / 2;
  const d = r();
  const device: Device = d < 0.45 ? 'mouse' : d < 0.8 ? 'touch' : 'pen';
  return {
    device,
    viewSize: Math.round(device === 'touch' ? u(300, 370) : u(300, 480)),
    slant: mid(-10, 26),
    rotation: mid(-6, 6),
    aspect: mid(0.72, 1.3),
    size: mid(0.32, 0.9),
    speed: device === 'touch' ? u(300, 1500) : device === 'mouse' ? u(250, 1300) : u(200, 900),
    rate: device === 'mouse' ? (r() < 0.5 ? 60 : u(120, 250)) : device === 'touch' ? u(60, 120) : u(120, 240),
    wobble: u(0, 0.028),
    tremor: device === 'mouse' ? u(0, 0.3) : u(0, 0.8),
    pressure: u(0.2, 0.95),
  };
}

/** The writer on one drawing: habits varied a little, as no one writes a digit the same way twice. */
export function forDrawing(w: Writer, r: () => number, size?: number): Writer {
  const u = (a: number) => (r() * 2 - 1) * a;
  return {
    ...w,
    slant: w.slant + u(4),
    rotation: w.rotation + u(2),
    aspect: w.aspect * (1 + u(0.07)),
    size: size ?? w.size * (1 + u(0.1)),
    speed: w.speed * (1 + u(0.25)),
  };
}

/** Strokes (unit box) → the points the canvas records, in CSS px of a `viewSize` canvas. */
export function penDown(paths: readonly Path[], w: Writer, r: () => number): Stroke[] {
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const shear = Math.tan((w.slant * Math.PI) / 180);
  const rot = (w.rotation * Math.PI) / 180;
  const [c, s] = [Math.cos(rot), Math.sin(rot)];
  const k = w.size * w.viewSize;
  // Unit box → px around the origin: aspect, lean, turn, wobble along the path, scale.
  const placed = paths.map((path) => {
    const waves = [0, 1].map(() => ({ l1: u(0.6, 1.6), l2: u(0.18, 0.4), p1: u(0, 6.3), p2: u(0, 6.3) }));
    let along = 0;
    return path.map((p, i): P => {
      if (i > 0) along += Math.hypot(p[0] - path[i - 1][0], p[1] - path[i - 1][1]);
      const [wx, wy] = waves.map((q) => w.wobble * (Math.sin((6.283 * along) / q.l1 + q.p1) + 0.5 * Math.sin((6.283 * along) / q.l2 + q.p2)));
      const x = (p[0] - 0.5) * w.aspect - shear * (p[1] - 0.5);
      const y = p[1] - 0.5;
      return [(c * x - s * y + wx) * k, (s * x + c * y + wy) * k];
    });
  });
  // Place the digit on the canvas, off-centre as people draw, inside a margin of half a line when it fits.
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const path of placed) for (const [x, y] of path) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const margin = (w.viewSize * LINE_WIDTH_RATIO) / 2;
  const place = (lo: number, hi: number) => {
    const room = w.viewSize - 2 * margin - (hi - lo);
    return room <= 0 ? (w.viewSize - (hi - lo)) / 2 - lo : margin - lo + room * ((r() + r() + r()) / 3);
  };
  const dx = place(x0, x1);
  const dy = place(y0, y1);
  return placed.map((path) => record(path.map(([x, y]): P => [x + dx, y + dy]), w, r));
}

/** What the canvas records of one stroke drawn along `path` (px): samples at the event rate of a pen moving at a human speed. */
function record(path: readonly P[], w: Writer, r: () => number): Point[] {
  const n = path.length;
  const seg = new Float64Array(n);
  let total = 0;
  for (let i = 1; i < n; i++) total += seg[i] = Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
  // Turning within a few px of each point: people slow down into corners and tight curves.
  const turn = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const a = Math.atan2(path[i][1] - path[i - 1][1], path[i][0] - path[i - 1][0]);
    const b = Math.atan2(path[i + 1][1] - path[i][1], path[i + 1][0] - path[i][0]);
    turn[i] = Math.abs(Math.atan2(Math.sin(b - a), Math.cos(b - a)));
  }
  const window = 6;
  const time = new Float64Array(n);
  let along = 0;
  for (let i = 1; i < n; i++) {
    along += seg[i];
    let bend = 0;
    for (let j = i - 1, d = 0; j >= 1 && d < window; d += seg[j], j--) bend += turn[j];
    for (let j = i, d = 0; j < n - 1 && d < window; j++, d += seg[j]) bend += turn[j];
    const bell = 0.12 + 0.88 * Math.pow(Math.max(0, Math.sin((Math.PI * Math.min(along, total)) / Math.max(total, 1e-9))), 0.7);
    time[i] = time[i - 1] + seg[i] / ((w.speed * bell) / (1 + 2.5 * bend));
  }
  const out: Point[] = [];
  const jitter = () => (r() + r() - 1) * w.tremor;
  const push = (x: number, y: number, t: number) => {
    let p: Point = { x: x + jitter(), y: y + jitter() };
    if (w.device === 'mouse') p = { x: Math.round(p.x), y: Math.round(p.y) };
    const last = out[out.length - 1];
    if (last && Math.hypot(p.x - last.x, p.y - last.y) < MIN_STEP) return;
    if (w.device === 'pen') {
      const edge = Math.min(1, t / 0.08, (time[n - 1] - t) / 0.08);
      p.pressure = Math.min(1, Math.max(0.05, w.pressure * (0.55 + 0.45 * edge) + (r() - 0.5) * 0.06));
    }
    out.push(p);
  };
  push(path[0][0], path[0][1], 0);
  const dt = 1 / w.rate;
  // The first event lands anywhere within the first interval after pointer-down.
  for (let t = dt * r(), i = 1; t <= time[n - 1]; t += dt) {
    while (i < n - 1 && time[i] < t) i++;
    const f = time[i] > time[i - 1] ? (t - time[i - 1]) / (time[i] - time[i - 1]) : 1;
    push(path[i - 1][0] + (path[i][0] - path[i - 1][0]) * f, path[i - 1][1] + (path[i][1] - path[i - 1][1]) * f, t);
  }
  return out;
}
