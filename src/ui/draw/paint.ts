/** Paints strokes onto a 2D canvas, the same shapes the rasteriser in preprocess.ts draws. */
import { LINE_WIDTH_RATIO, pressureFactor, type Stroke } from '../../shared/preprocess';
import { context2d } from '../common/canvas';

export const INK_COLOR = '#f4f6ff';

/** Clears `canvas` and draws `strokes` (CSS px of a square view of side `viewSize`) as round white lines. */
export function paintStrokes(canvas: HTMLCanvasElement, strokes: readonly Stroke[], viewSize: number): void {
  const ctx = context2d(canvas);
  if (!ctx || !(viewSize > 0)) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const k = canvas.width / viewSize;
  ctx.setTransform(k, 0, 0, k, 0, 0);
  const width = viewSize * LINE_WIDTH_RATIO;
  ctx.strokeStyle = INK_COLOR;
  ctx.fillStyle = INK_COLOR;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    if (stroke.length === 1) {
      const p = stroke[0];
      ctx.beginPath();
      ctx.arc(p.x, p.y, (width / 2) * pressureFactor(p.pressure), 0, Math.PI * 2);
      ctx.fill();
    } else if (stroke.every((p) => p.pressure === undefined)) {
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(stroke[0].x, stroke[0].y);
      for (let i = 1; i < stroke.length; i++) ctx.lineTo(stroke[i].x, stroke[i].y);
      ctx.stroke();
    } else {
      // Pen: each segment takes the mean width of its ends, as the rasteriser tapers it.
      for (let i = 1; i < stroke.length; i++) {
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
