/** Shared page helpers for the e2e specs: open a section, wait for the model, draw a digit with the mouse. */
import { expect, type Page } from '@playwright/test';

export type SectionId = 'draw' | 'train' | 'teach' | 'inspect' | 'library';

/** Opens the app (first call) or switches tabs, and waits for the section to be shown. */
export async function openSection(page: Page, section: SectionId): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(`./#${section}`);
  else await page.getByTestId(`tab-${section}`).click();
  await expect(page.getByTestId(`tab-${section}`)).toHaveAttribute('aria-current', 'page');
}

/** Waits until the model-status settles; returns 'ready' or 'error' (e.g. no shipped model in this checkout). */
export async function modelSettled(page: Page, timeout = 90_000): Promise<'ready' | 'error'> {
  const status = page.getByTestId('model-status');
  await expect.poll(async () => status.getAttribute('data-state'), { timeout }).toMatch(/^(ready|error)$/);
  return (await status.getAttribute('data-state')) as 'ready' | 'error';
}

/** Strokes for each digit in a unit square (0..1), written the usual way. */
export const DIGIT_STROKES: Record<number, [number, number][][]> = {
  0: [ellipse(0.5, 0.5, 0.24, 0.36, 24)],
  1: [
    [
      [0.4, 0.26],
      [0.53, 0.15],
      [0.53, 0.85],
    ],
  ],
  2: [
    [
      [0.3, 0.3],
      [0.4, 0.18],
      [0.55, 0.15],
      [0.68, 0.24],
      [0.68, 0.38],
      [0.3, 0.84],
      [0.72, 0.84],
    ],
  ],
  3: [
    [
      [0.3, 0.2],
      [0.55, 0.15],
      [0.68, 0.28],
      [0.5, 0.48],
      [0.7, 0.64],
      [0.6, 0.82],
      [0.3, 0.82],
    ],
  ],
  4: [
    [
      [0.6, 0.15],
      [0.28, 0.6],
      [0.75, 0.6],
    ],
    [
      [0.6, 0.38],
      [0.6, 0.86],
    ],
  ],
  5: [
    [
      [0.7, 0.16],
      [0.35, 0.16],
      [0.32, 0.46],
      [0.55, 0.44],
      [0.7, 0.58],
      [0.66, 0.78],
      [0.48, 0.86],
      [0.3, 0.8],
    ],
  ],
  6: [
    [
      [0.65, 0.16],
      [0.42, 0.35],
      [0.32, 0.62],
      [0.4, 0.84],
      [0.62, 0.84],
      [0.68, 0.64],
      [0.52, 0.52],
      [0.35, 0.62],
    ],
  ],
  7: [
    [
      [0.28, 0.18],
      [0.72, 0.18],
      [0.45, 0.86],
    ],
  ],
  8: [[...ellipse(0.5, 0.32, 0.16, 0.16, 16), ...ellipse(0.5, 0.66, 0.2, 0.19, 18, Math.PI)]],
  9: [
    [...ellipse(0.5, 0.34, 0.17, 0.17, 18, 0),
      [0.67, 0.34],
      [0.62, 0.86],
    ],
  ],
};

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number, start = -Math.PI / 2): [number, number][] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = start + (i / n) * 2 * Math.PI;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as [number, number];
  });
}

/** Draws a digit on `draw-canvas` with mouse down/move/up (each segment in a few steps). */
export async function drawDigit(page: Page, digit: number, opts: { steps?: number } = {}): Promise<void> {
  const box = await page.getByTestId('draw-canvas').boundingBox();
  if (!box) throw new Error('draw-canvas is not visible');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of DIGIT_STROKES[digit]) {
    const [x0, y0] = at(stroke[0]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const p of stroke.slice(1)) {
      const [x, y] = at(p);
      await page.mouse.move(x, y, { steps: opts.steps ?? 4 });
    }
    await page.mouse.up();
  }
}
