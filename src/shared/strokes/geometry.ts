/**
 * Pen paths in a digit's unit box (x right, y down, the digit about 1 tall and
 * 0.6 wide, centred on x = 0.5): lines with sharp corners, ellipse arcs and
 * smooth curves through knots, sampled densely so a writer's transform, wobble
 * and pen timing can be applied point by point afterwards.
 */

/** A point in the unit box. */
export type P = readonly [number, number];
/** A densely sampled pen path (one stroke, or part of one). */
export type Path = P[];

/** Spacing of the dense samples, in digit heights. */
const STEP = 0.006;

/** A polyline through `pts`, corners kept sharp. */
export function line(...pts: P[]): Path {
  const out: Path = [pts[0]];
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / STEP));
    for (let k = 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

export interface ArcShape {
  /** Radius grows by this fraction towards the bottom (angle 90°) and shrinks towards the top: an egg. */
  egg?: number;
  /** Radius shrinks by this fraction over the sweep, so an overlapping end runs inside the start. */
  spiral?: number;
}

/**
 * An ellipse arc from angle `a0` to `a1` in degrees (0° east, 90° south, as on
 * a screen); `a1 < a0` runs anticlockwise on the screen, as most people draw a 0.
 */
export function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, shape: ArcShape = {}): Path {
  const egg = shape.egg ?? 0;
  const spiral = shape.spiral ?? 0;
  const sweep = ((a1 - a0) * Math.PI) / 180;
  const n = Math.max(2, Math.ceil((Math.abs(sweep) * Math.max(rx, ry)) / STEP));
  const out: Path = [];
  for (let k = 0; k <= n; k++) {
    const t = k / n;
    const a = (a0 * Math.PI) / 180 + sweep * t;
    const k1 = (1 + egg * Math.sin(a)) * (1 - spiral * t);
    out.push([cx + rx * k1 * Math.cos(a), cy + ry * k1 * Math.sin(a)]);
  }
  return out;
}

/** A smooth curve through the knots (centripetal Catmull-Rom: no cusps or overshoot between close knots). */
export function curve(...knots: P[]): Path {
  if (knots.length < 3) return line(...knots);
  const pts = [mirror(knots[1], knots[0]), ...knots, mirror(knots[knots.length - 2], knots[knots.length - 1])];
  const out: Path = [knots[0]];
  for (let i = 1; i < pts.length - 2; i++) {
    const [p0, p1, p2, p3] = [pts[i - 1], pts[i], pts[i + 1], pts[i + 2]];
    const t1 = Math.sqrt(dist(p0, p1)) || 1e-6;
    const t2 = t1 + (Math.sqrt(dist(p1, p2)) || 1e-6);
    const t3 = t2 + (Math.sqrt(dist(p2, p3)) || 1e-6);
    const n = Math.max(2, Math.ceil((dist(p1, p2) * 1.3) / STEP));
    for (let k = 1; k <= n; k++) {
      const t = t1 + ((t2 - t1) * k) / n;
      out.push(catmull(p0, p1, p2, p3, 0, t1, t2, t3, t));
    }
  }
  return out;
}

/** One path from consecutive parts (each part starts where the previous one ended). */
export function join(...parts: Path[]): Path {
  const out: Path = [];
  for (const part of parts) {
    for (const p of part) {
      const last = out[out.length - 1];
      if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 1e-9) out.push(p);
    }
  }
  return out;
}

/** Length of a path. */
export function pathLength(path: readonly P[]): number {
  let s = 0;
  for (let i = 1; i < path.length; i++) s += dist(path[i - 1], path[i]);
  return s;
}

function dist(a: P, b: P): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

function mirror(p: P, about: P): P {
  return [2 * about[0] - p[0], 2 * about[1] - p[1]];
}

function catmull(p0: P, p1: P, p2: P, p3: P, t0: number, t1: number, t2: number, t3: number, t: number): P {
  const lerp = (a: P, b: P, ta: number, tb: number): P => {
    const u = (t - ta) / (tb - ta);
    return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];
  };
  const a1 = lerp(p0, p1, t0, t1);
  const a2 = lerp(p1, p2, t1, t2);
  const a3 = lerp(p2, p3, t2, t3);
  const b1 = lerp(a1, a2, t0, t2);
  const b2 = lerp(a2, a3, t1, t3);
  return lerp(b1, b2, t1, t2);
}
