/** Small canvases: a sample redrawn from its strokes, and a 28×28 network input. */
import { useLayoutEffect, useRef } from 'react';
import type { Stroke } from '../../shared/preprocess';
import { paintImage, paintStrokes } from '../draw/paint';

/** A drawing re-painted from its strokes (unit coordinates) at `size` CSS px, sharp on any screen; decorative (hidden from screen readers) when `label` is empty. */
export function StrokeThumb({ strokes, size = 56, label }: { strokes: readonly Stroke[]; size?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const c = ref.current;
    if (!c) return;
    const px = Math.round(size * (window.devicePixelRatio || 1));
    if (c.width !== px) {
      c.width = px;
      c.height = px;
    }
    paintStrokes(c, strokes, 1);
  }, [strokes, size]);
  // Inside a button that names the sample, the picture needs no name of its own: an unnamed image is an error to screen readers.
  return <canvas ref={ref} className="teach-thumb-canvas" style={{ width: size, height: size }} role={label ? 'img' : undefined} aria-label={label || undefined} aria-hidden={label ? undefined : true} />;
}

/** A 28×28 image (0..1), scaled up with crisp pixels by CSS. */
export function PixelThumb({ image, label, className }: { image: Float32Array; label?: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (ref.current) paintImage(ref.current, image);
  }, [image]);
  return <canvas ref={ref} width={28} height={28} className={className ?? 'teach-pixels'} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} />;
}
