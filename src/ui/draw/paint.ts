/** Paints strokes onto a 2D canvas, the same shapes the rasteriser in preprocess.ts draws. */
import { LINE_WIDTH_RATIO, pressureFactor, type Stroke } from '../../shared/preprocess';
import { context2d } from '../common/canvas';

export const INK_COLOR = '#f4f6ff';

/** What a canvas shows: the strokes array last painted onto it, at which view size and backing width. */
export interface Painted {
  strokes: readonly Stroke[];
  viewSize: number;
  width: number;
}

/** Where painting `strokes` can carry on from what `prev` painted. */
export interface Resume {
  stroke: number;
  /** The stroke's point to continue from (its earlier segments are on the canvas already). */
  point: number;
}

/**
 * Whether `strokes` only adds to what `prev` painted (new points on the last
 * stroke, new strokes after it), and from where: then only that needs
 * painting. Null when something was removed or moved (undo, clear, resize):
 * repaint it all. Strokes are immutable, so identity tells what is unchanged.
 */
export function resumeAt(prev: Painted | null, strokes: readonly Stroke[], viewSize: number, width: number): Resume | null {
  if (!prev || prev.viewSize !== viewSize || prev.width !== width || strokes.length < prev.strokes.length) return null;
  const last = prev.strokes.length - 1;
  if (last < 0) return { stroke: 0, point: 0 };
  for (let i = 0; i < last; i++) if (strokes[i] !== prev.strokes[i]) return null;
  const a = prev.strokes[last];
  const b = strokes[last];
  if (a === b) return { stroke: last + 1, point: 0 };
  if (a.length === 0 || b.length < a.length || b[0] !== a[0] || b[a.length - 1] !== a[a.length - 1]) return null;
  return { stroke: last, point: a.length - 1 };
}

/**
 * Draws `strokes` (CSS px of a square view of side `viewSize`) as round white
 * lines: all of them on a cleared canvas, or, given `from`, only what comes
 * after it (the new segments of a stroke being drawn), on top of what is there.
 */
export function paintStrokes(canvas: HTMLCanvasElement, strokes: readonly Stroke[], viewSize: number, from: Resume | null = null): void {
  const ctx = context2d(canvas);
  if (!ctx || !(viewSize > 0)) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (!from) ctx.clearRect(0, 0, canvas.width, canvas.height);
  const k = canvas.width / viewSize;
  ctx.setTransform(k, 0, 0, k, 0, 0);
  const width = viewSize * LINE_WIDTH_RATIO;
  ctx.strokeStyle = INK_COLOR;
  ctx.fillStyle = INK_COLOR;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (let s = from?.stroke ?? 0; s < strokes.length; s++) {
    const stroke = strokes[s];
    const start = from && s === from.stroke ? from.point : 0;
    if (stroke.length === 0 || (start > 0 && start >= stroke.length - 1)) continue;
    if (stroke.length === 1) {
      const p = stroke[0];
      ctx.beginPath();
      ctx.arc(p.x, p.y, (width / 2) * pressureFactor(p.pressure), 0, Math.PI * 2);
      ctx.fill();
    } else if (stroke.every((p) => p.pressure === undefined)) {
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(stroke[start].x, stroke[start].y);
      for (let i = start + 1; i < stroke.length; i++) ctx.lineTo(stroke[i].x, stroke[i].y);
      ctx.stroke();
    } else {
      // Pen: each segment takes the mean width of its ends, as the rasteriser tapers it.
      for (let i = start + 1; i < stroke.length; i++) {
        const a = stroke[i - 1];
        const b = stroke[i];
        ctx.lineWidth = (width * (pressureFactor(a.pressure) + pressureFactor(b.pressure))) / 2;
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
      }
    }
  }
}

/** Paints a 28×28 network input (0..1, white on black) into a 28×28 canvas. */
export function paintImage(canvas: HTMLCanvasElement, image: Float32Array | null, size = 28): void {
  const ctx = context2d(canvas);
  if (!ctx) return;
  const data = ctx.createImageData(size, size);
  for (let k = 0; k < size * size; k++) {
    const v = image ? Math.round(Math.min(1, Math.max(0, image[k])) * 255) : 0;
    data.data[k * 4] = v;
    data.data[k * 4 + 1] = v;
    data.data[k * 4 + 2] = v;
    data.data[k * 4 + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
}
