/**
 * A 2D context kept in the page's own memory (Chromium: not GPU-accelerated).
 *
 * Digit Lab's canvases are small (a 280-px drawing, 28×28 images, map grids),
 * cheap to raster on the CPU. An accelerated canvas instead talks to the GPU
 * process, which is also running the workers' training; some of those calls
 * wait for it synchronously, so a busy GPU could stall the main thread.
 * `willReadFrequently` is the standard hint that selects the CPU path.
 */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { willReadFrequently: true });
}
