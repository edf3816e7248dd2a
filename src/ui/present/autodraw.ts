/**
 * The auto-draw timeline of presentation mode, pure and clocked from outside:
 * a drawing is written stroke by stroke at a readable pace (pen lifts
 * between strokes), held while the audience reads the answer, then the next
 * one starts. Pausing freezes the clock; next/previous jump at once. With
 * `animate` off (prefers-reduced-motion) each drawing appears whole and
 * nothing advances by itself.
 */
import type { Stroke } from '../../shared/preprocess';

export interface Pace {
  /** Pen speed, in canvas sides per second. */
  speed: number;
  /** Pause between two strokes, ms. */
  penLiftMs: number;
  /** How long a finished drawing stays before the next, ms. */
  holdMs: number;
}

/** About 1.5–2.5 s to write a digit, then 3.5 s to read the answer. */
export const READABLE_PACE: Pace = { speed: 0.9, penLiftMs: 300, holdMs: 3500 };

const segLen = (s: Stroke, i: number) => Math.hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y);

/** Total ink length of a stroke. */
export function strokeLength(s: Stroke): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) n += segLen(s, i);
  return n;
}

/** Time to write all of `strokes`, ms. */
export function drawDuration(strokes: readonly Stroke[], pace: Pace): number {
  const ink = strokes.reduce((a, s) => a + strokeLength(s), 0);
  return (ink / pace.speed) * 1000 + Math.max(0, strokes.length - 1) * pace.penLiftMs;
}

/** What is on paper `ms` after the pen started: whole strokes, then the part of the current one written so far. */
export function drawnAt(strokes: readonly Stroke[], ms: number, pace: Pace): Stroke[] {
  let left = Math.max(0, ms);
  const out: Stroke[] = [];
  for (const [k, s] of strokes.entries()) {
    if (k > 0) {
      if (left < pace.penLiftMs) return out;
      left -= pace.penLiftMs;
    }
    const need = (strokeLength(s) / pace.speed) * 1000;
    if (left >= need) {
      out.push(s);
      left -= need;
      continue;
    }
    // Part of this stroke: walk its segments until the ink runs out.
    let ink = (left / 1000) * pace.speed;
    const part = [s[0]];
    for (let i = 1; i < s.length; i++) {
      const d = segLen(s, i);
      if (ink >= d) {
        part.push(s[i]);
        ink -= d;
      } else {
        const t = d > 0 ? ink / d : 0;
        part.push({ x: s[i - 1].x + (s[i].x - s[i - 1].x) * t, y: s[i - 1].y + (s[i].y - s[i - 1].y) * t });
        break;
      }
    }
    out.push(part);
    return out;
  }
  return out;
}

export interface Frame {
  index: number;
  /** Strokes on paper now (unit coordinates). */
  strokes: Stroke[];
  /** `drawing` while the pen moves, `showing` once the drawing is whole. */
  phase: 'drawing' | 'showing';
  paused: boolean;
}

/** The auto-draw clock: which drawing, and how much of it, at any time. */
export class AutoDraw {
  index = 0;
  paused = false;
  private started: number;
  private pausedAt: number | null = null;

  constructor(
    private readonly strokesOf: (index: number) => Stroke[],
    now: number,
    private readonly opts: { pace?: Pace; animate: boolean },
  ) {
    this.started = now;
  }

  private get pace(): Pace {
    return this.opts.pace ?? READABLE_PACE;
  }

  /** The frame to show at `now`; past the hold time it moves on to the next drawing (animated mode, not paused). */
  frame(now: number): Frame {
    const at = this.pausedAt ?? now;
    let strokes = this.strokesOf(this.index);
    if (!this.opts.animate) return { index: this.index, strokes, phase: 'showing', paused: this.paused };
    let elapsed = at - this.started;
    let total = drawDuration(strokes, this.pace);
    // Catch up over drawings whose time is up (a tab in the background gets few frames).
    while (!this.paused && elapsed >= total + this.pace.holdMs) {
      this.started += total + this.pace.holdMs;
      this.index++;
      strokes = this.strokesOf(this.index);
      elapsed = at - this.started;
      total = drawDuration(strokes, this.pace);
    }
    // A hair of tolerance: (now − (now − total)) can round to just under total.
    if (elapsed >= total - 1e-6) return { index: this.index, strokes, phase: 'showing', paused: this.paused };
    return { index: this.index, strokes: drawnAt(strokes, elapsed, this.pace), phase: 'drawing', paused: this.paused };
  }

  /** Jumps to the drawing `delta` away and starts writing it (or shows it whole when not animating). */
  step(delta: number, now: number): void {
    this.index += delta;
    this.started = now;
    if (this.pausedAt !== null) {
      // Flipping through while paused shows each drawing whole.
      this.pausedAt = now;
      this.started = now - drawDuration(this.strokesOf(this.index), this.pace);
    }
  }

  /** Pauses or resumes the clock; without animation it does nothing (there is nothing running). */
  togglePause(now: number): void {
    if (!this.opts.animate) return;
    if (this.paused) {
      this.started += now - (this.pausedAt ?? now);
      this.pausedAt = null;
      this.paused = false;
    } else {
      this.pausedAt = now;
      this.paused = true;
    }
  }
}
