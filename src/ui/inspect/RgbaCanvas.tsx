/** A small RGBA image (e.g. 28×28) shown upscaled with crisp pixels. */
import { useLayoutEffect, useRef } from 'react';
import { context2d } from '../common/canvas';

export function RgbaCanvas({ rgba, size = 28, display, ariaLabel, testId }: { rgba: Uint8ClampedArray; size?: number; display: number; ariaLabel: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const ctx = (ref.current ? context2d(ref.current) : null);
    if (!ctx) return;
    const img = ctx.createImageData(size, size);
    img.data.set(rgba.subarray(0, size * size * 4));
    ctx.putImageData(img, 0, 0);
  }, [rgba, size]);
  return <canvas ref={ref} width={size} height={size} className="pixel-canvas" style={{ width: display, height: display }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
