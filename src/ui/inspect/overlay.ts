/** Saliency over the drawing: the digit dimmed to grey, each pixel tinted by its saliency, more opaque where it mattered more. */
import { DIVERGING, lutIndex, type Range } from '../../shared/colormap';

/** RGBA for a 28×28 overlay of `saliency` (diverging colours over `range`) on `image` (0..1 grey). */
export function overlayRgba(image: ArrayLike<number>, saliency: ArrayLike<number>, range: Range, dim = 0.45): Uint8ClampedArray {
  const n = image.length;
  const out = new Uint8ClampedArray(n * 4);
  const m = Math.max(Math.abs(range.min), Math.abs(range.max));
  const lut = DIVERGING.lut;
  for (let i = 0; i < n; i++) {
    const g = Math.min(1, Math.max(0, image[i])) * 255 * dim;
    const s = saliency[i];
    const a = m > 0 && Number.isFinite(s) ? Math.pow(Math.min(1, Math.abs(s) / m), 0.6) : 0;
    const k = lutIndex(Number.isFinite(s) ? s : 0, -m, m, 'diverging') * 3;
    out[i * 4] = g * (1 - a) + lut[k] * a;
    out[i * 4 + 1] = g * (1 - a) + lut[k + 1] * a;
    out[i * 4 + 2] = g * (1 - a) + lut[k + 2] * a;
    out[i * 4 + 3] = 255;
  }
  return out;
}
