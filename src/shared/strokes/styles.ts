/**
 * How people write each digit, as stroke templates in the unit box (see
 * geometry.ts). Each style draws with its own shape variation (flag length,
 * loop size, where a closure meets), so no two drawings of a style are alike
 * even before a writer's slant, size and pen are applied. Written by hand from
 * how digits are drawn on a canvas, not from font glyphs: typography would
 * teach the net the wrong thing.
 */
import { arc, curve, join, line, type P, type Path } from './geometry';

/** A uniform draw in [lo, hi), from the drawing's seeded generator. */
export type Vary = (lo: number, hi: number) => number;

export interface DigitStyle {
  /** Stable id, e.g. "1-flag": names the style in reports and the contact sheet. */
  id: string;
  digit: number;
  /** What a reader sees. */
  description: string;
  /** The strokes, in the order a person draws them. */
  draw(v: Vary): Path[];
}

/** An oval 0 from the top, anticlockwise (or clockwise), ending `close` degrees past (+) or short of (−) its start. */
function zero(v: Vary, close: number, spiral: number): Path[] {
  const a0 = -90 + v(-25, 25);
  const dir = v(0, 1) < 0.8 ? -1 : 1;
  return [arc(0.5, 0.5, v(0.22, 0.32), v(0.4, 0.46), a0, a0 + dir * (360 + close), { egg: v(-0.08, 0.1), spiral })];
}

/** The top of a 2: from the left, over the shoulder, down to where the diagonal starts. */
function twoTop(v: Vary): P[] {
  return [[v(0.2, 0.3), v(0.22, 0.32)], [v(0.36, 0.44), v(0.06, 0.1)], [v(0.58, 0.66), v(0.06, 0.1)], [v(0.7, 0.78), v(0.24, 0.32)], [v(0.6, 0.68), v(0.46, 0.52)]];
}

/** A 9's loop from its right side, anticlockwise, back to the right side; returns the path and where the stem starts. */
function nineLoop(v: Vary): { loop: Path; stem: P } {
  const rx = v(0.17, 0.25);
  const ry = v(0.17, 0.28);
  const cx = 0.7 - rx;
  const cy = 0.08 + ry;
  const a0 = v(-20, 10);
  const loop = arc(cx, cy, rx, ry, a0, a0 - 360 - v(-10, 15), { egg: v(-0.05, 0.05) });
  return { loop, stem: loop[loop.length - 1] };
}

/** The belly of a 5 from the end of its downstroke. */
function fiveBelly(v: Vary, from: P): Path {
  return curve(from, [v(0.45, 0.55), v(0.36, 0.42)], [v(0.68, 0.76), v(0.52, 0.6)], [v(0.68, 0.74), v(0.78, 0.84)], [0.48, v(0.92, 0.96)], [v(0.22, 0.3), v(0.82, 0.9)]);
}

export const STYLES: readonly DigitStyle[] = [
  { id: '0-closed', digit: 0, description: 'oval, ends meet', draw: (v) => zero(v, v(-4, 10), 0) },
  { id: '0-open', digit: 0, description: 'oval left open at the top', draw: (v) => zero(v, -v(32, 62), 0) },
  { id: '0-overlap', digit: 0, description: 'oval whose end runs on inside the start', draw: (v) => zero(v, v(30, 75), v(0.08, 0.16)) },

  { id: '1-stick', digit: 1, description: 'one straight downstroke', draw: (v) => [curve([0.5 + v(-0.02, 0.04), 0.05], [0.5 + v(-0.02, 0.02), 0.5], [0.5, 0.95])] },
  {
    id: '1-flag', digit: 1, description: 'long flag up to the top, then down (European)',
    draw: (v) => {
      const top: P = [0.56, 0.05];
      const a = (v(28, 55) * Math.PI) / 180;
      const len = v(0.24, 0.42);
      const start: P = [top[0] - len * Math.cos(a), top[1] + len * Math.sin(a)];
      const bow: P = [(start[0] + top[0]) / 2 + v(-0.02, 0.01), (start[1] + top[1]) / 2 + v(-0.03, 0.01)];
      return [join(curve(start, bow, top), line(top, [0.56 + v(-0.03, 0.03), 0.95]))];
    },
  },
  {
    id: '1-flag-base', digit: 1, description: 'flag and a base stroke',
    draw: (v) => {
      const top: P = [0.55, 0.05];
      const a = (v(25, 55) * Math.PI) / 180;
      const len = v(0.2, 0.38);
      const x = 0.55 + v(-0.02, 0.02);
      const half = v(0.14, 0.24);
      return [line([top[0] - len * Math.cos(a), top[1] + len * Math.sin(a)], top, [x, 0.93]), line([x - half, 0.94 + v(-0.01, 0.01)], [x + half * v(0.8, 1.1), 0.94 + v(-0.01, 0.01)])];
    },
  },

  { id: '2-plain', digit: 2, description: 'curved top, diagonal, flat base', draw: (v) => [join(curve(...twoTop(v), [v(0.2, 0.28), v(0.9, 0.94)]), line([v(0.2, 0.28), 0.93], [v(0.74, 0.82), v(0.9, 0.95)]))] },
  {
    id: '2-looped', digit: 2, description: 'a small loop where the diagonal meets the base',
    draw: (v) => {
      const s = v(0.09, 0.14);
      const x = v(0.3, 0.36);
      return [curve(...twoTop(v), [x, 0.88], [x - s * 1.2, 0.9 + s * 0.3], [x - s * 1.1, 0.9 - s * 0.9], [x + s * 0.2, 0.88 - s * 0.4], [x + s * 0.8, 0.93], [v(0.58, 0.64), 0.94], [v(0.76, 0.84), v(0.88, 0.93)])];
    },
  },
  {
    id: '2-angular', digit: 2, description: 'short arc, straight diagonal, base (like a Z)',
    draw: (v) => {
      const end: P = [v(0.68, 0.76), v(0.28, 0.36)];
      const corner: P = [v(0.18, 0.26), v(0.9, 0.94)];
      return [join(curve([v(0.22, 0.3), v(0.2, 0.28)], [0.48, v(0.05, 0.09)], [v(0.68, 0.76), v(0.12, 0.18)], end), line(end, corner, [v(0.76, 0.84), corner[1] + v(-0.02, 0.02)]))];
    },
  },

  {
    id: '3-round', digit: 3, description: 'two round bowls meeting in a point',
    draw: (v) => {
      const mid: P = [v(0.4, 0.5), v(0.46, 0.5)];
      return [join(curve([v(0.24, 0.3), v(0.14, 0.2)], [0.5, v(0.04, 0.07)], [v(0.68, 0.74), v(0.2, 0.26)], [v(0.6, 0.66), v(0.4, 0.44)], mid), curve(mid, [v(0.66, 0.72), v(0.56, 0.6)], [v(0.72, 0.76), 0.77], [0.5, v(0.93, 0.96)], [v(0.22, 0.28), v(0.82, 0.88)]))];
    },
  },
  {
    id: '3-flat-top', digit: 3, description: 'flat top bar, diagonal, one bowl',
    draw: (v) => {
      const mid: P = [v(0.4, 0.48), v(0.4, 0.46)];
      const tl: P = [v(0.24, 0.3), v(0.06, 0.1)];
      return [join(line(tl, [v(0.7, 0.76), tl[1] + v(-0.02, 0.01)], mid), curve(mid, [v(0.68, 0.74), v(0.53, 0.58)], [v(0.72, 0.76), 0.76], [0.5, v(0.93, 0.96)], [v(0.22, 0.28), v(0.82, 0.88)]))];
    },
  },

  {
    id: '4-open', digit: 4, description: 'open top: an L and a separate downstroke',
    draw: (v) => {
      const bar = v(0.58, 0.66);
      const x = v(0.58, 0.66);
      return [line([v(0.22, 0.42), 0.05], [v(0.18, 0.24), bar], [v(0.74, 0.86), bar + v(-0.02, 0.01)]), line([x, v(0.12, 0.38)], [x + v(-0.03, 0.02), 0.95])];
    },
  },
  {
    id: '4-closed', digit: 4, description: 'closed top: a triangle and the downstroke',
    draw: (v) => {
      const apex: P = [v(0.56, 0.64), 0.05];
      const bar = v(0.6, 0.68);
      return [line(apex, [v(0.16, 0.22), bar], [v(0.76, 0.86), bar + v(-0.02, 0.01)]), line([apex[0] + v(-0.02, 0.02), apex[1] + v(0, 0.03)], [apex[0] + v(-0.02, 0.02), 0.95])];
    },
  },

  {
    id: '5-two-stroke', digit: 5, description: 'downstroke and belly, then the top bar',
    draw: (v) => {
      const tl: P = [v(0.28, 0.34), v(0.07, 0.1)];
      const knee: P = [v(0.25, 0.3), v(0.42, 0.48)];
      return [join(line(tl, knee), fiveBelly(v, knee)), line([tl[0] + v(-0.02, 0.02), tl[1] + v(-0.01, 0.01)], [v(0.7, 0.78), v(0.04, 0.09)])];
    },
  },
  {
    id: '5-one-stroke', digit: 5, description: 'bar, down and belly without lifting the pen',
    draw: (v) => {
      const tl: P = [v(0.28, 0.34), v(0.06, 0.1)];
      const knee: P = [v(0.25, 0.3), v(0.42, 0.48)];
      return [join(line([v(0.7, 0.78), v(0.04, 0.09)], tl, knee), fiveBelly(v, knee))];
    },
  },

  ...([
    ['6-closed', 'curved stem, loop closes on the stem', (v: Vary, ry: number): P[] => [[v(0.44, 0.5), -ry * 0.95], [v(0.3, 0.34), -ry * v(0.2, 0.5)]]],
    ['6-open', 'loop stops short of the stem', (v: Vary, ry: number): P[] => [[v(0.4, 0.46), -ry * v(0.75, 0.95)]]],
  ] as const).map(([id, description, ending]): DigitStyle => ({
    id, digit: 6, description,
    draw: (v) => {
      const ry = v(0.18, 0.28);
      const cy = 0.95 - ry;
      const end = ending(v, ry).map(([x, dy]): P => [x, cy + dy]);
      return [curve([v(0.64, 0.74), v(0.05, 0.1)], [v(0.42, 0.5), v(0.2, 0.26)], [v(0.28, 0.34), cy - 0.05], [v(0.3, 0.36), 0.88], [0.5, 0.95], [v(0.68, 0.74), cy + 0.05], [v(0.58, 0.64), cy - ry * 0.9], ...end)];
    },
  })),
  {
    id: '6-straight', digit: 6, description: 'straight stem into a round loop',
    draw: (v) => {
      const r = v(0.17, 0.23);
      const cx = 0.5;
      const cy = 0.95 - r;
      return [join(line([v(0.6, 0.7), 0.05], [cx - r, cy]), arc(cx, cy, r * v(0.95, 1.15), r, 180, -180 + v(-15, 20)))];
    },
  },

  { id: '7-plain', digit: 7, description: 'top bar and a straight diagonal', draw: (v) => [line([v(0.2, 0.26), v(0.06, 0.12)], [v(0.74, 0.8), v(0.06, 0.1)], [v(0.36, 0.48), 0.95])] },
  {
    id: '7-crossed', digit: 7, description: 'with a bar across the stem (European)',
    draw: (v) => {
      const tr: P = [v(0.74, 0.8), v(0.06, 0.1)];
      const foot: P = [v(0.36, 0.48), 0.95];
      const y = v(0.46, 0.56);
      const sx = tr[0] + ((foot[0] - tr[0]) * (y - tr[1])) / (foot[1] - tr[1]);
      return [line([v(0.2, 0.26), v(0.06, 0.12)], tr, foot), line([sx - v(0.14, 0.22), y + v(0, 0.02)], [sx + v(0.1, 0.18), y - v(0, 0.02)])];
    },
  },
  {
    id: '7-hooked', digit: 7, description: 'a tick down at the start of the bar, curved stem',
    draw: (v) => {
      const tr: P = [v(0.74, 0.8), v(0.06, 0.1)];
      return [join(line([v(0.18, 0.24), v(0.2, 0.28)], [v(0.22, 0.26), 0.08], tr), curve(tr, [v(0.56, 0.62), v(0.42, 0.5)], [v(0.44, 0.52), 0.95]))];
    },
  },

  {
    id: '8-one-stroke', digit: 8, description: 'one stroke: an S and back up',
    draw: (v) => {
      const w = v(0.17, 0.23);
      const mid = v(0.44, 0.5);
      return [curve([0.5 + w, 0.14], [0.5, 0.05], [0.5 - w, 0.17], [0.5 - w * 0.6, mid - 0.1], [0.5 + w * 0.9, mid + 0.12], [0.5 + w * 1.1, 0.8], [0.5, 0.95], [0.5 - w * 1.1, 0.8], [0.5 - w * 0.9, mid + 0.12], [0.5 + w * 0.6, mid - 0.1], [0.5 + w, 0.17], [0.5 + v(0, 0.08), v(0.04, 0.08)])];
    },
  },
  {
    id: '8-two-loops', digit: 8, description: 'two loops stacked, drawn one after the other',
    draw: (v) => {
      const mid = v(0.42, 0.5);
      const rt = mid / 2 - 0.02;
      const rb = (0.95 - mid) / 2;
      return [arc(0.5, 0.05 + rt, v(0.15, 0.2), rt, -90, -450 - v(0, 12)), arc(0.5 + v(-0.02, 0.02), mid + rb, v(0.19, 0.24), rb, -90 + v(-10, 10), -450 - v(-5, 12))];
    },
  },

  {
    id: '9-straight', digit: 9, description: 'loop, then a straight stem',
    draw: (v) => {
      const { loop, stem } = nineLoop(v);
      return [join(loop, line(stem, [stem[0] + v(-0.06, 0.0), 0.95]))];
    },
  },
  {
    id: '9-curled', digit: 9, description: 'loop, then a stem curling left at the bottom',
    draw: (v) => {
      const { loop, stem } = nineLoop(v);
      return [join(loop, curve(stem, [stem[0] - v(0, 0.03), 0.7], [stem[0] - v(0.1, 0.16), 0.93], [v(0.28, 0.38), v(0.84, 0.9)]))];
    },
  },
  {
    id: '9-two-stroke', digit: 9, description: 'a round loop, then the stem as its own stroke',
    draw: (v) => {
      const { loop, stem } = nineLoop(v);
      return [loop, line([stem[0] + v(-0.02, 0.02), v(0.06, 0.2)], [stem[0] + v(-0.05, 0.01), 0.95])];
    },
  },
];

/** The styles of each digit, in STYLES order. */
export const STYLES_BY_DIGIT: readonly (readonly DigitStyle[])[] = Array.from({ length: 10 }, (_, d) => STYLES.filter((s) => s.digit === d));
