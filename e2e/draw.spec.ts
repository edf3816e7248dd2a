/** Draw and predict: the first thing a person does. Draws with the mouse (and touch) and reads the screen. */
import type { Page } from '@playwright/test';
import { Drawing, expect, test } from './fixtures';
import { DIGIT_STROKES } from './fixtures/strokes';

/** Sum of the 28×28 preview's brightness: how much ink the network sees. */
async function previewInk(page: Page): Promise<number> {
  return page.getByTestId('preview').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 4) s += d[i];
    return s / 255;
  });
}

test.describe('draw and predict', () => {
  test('an empty canvas has no prediction', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    await expect(drawing.prediction).toHaveAttribute('data-digit', '');
    await expect(page.getByText('Draw a digit', { exact: false }).first()).toBeVisible();
  });

  test('reads mouse-drawn digits and shows the 28×28 input', async ({ page, app, drawing }) => {
    // Six drawings on a software GPU, on a shared 2-core machine.
    test.setTimeout(300_000);
    await app.open('draw');
    await app.modelReady();
    const results: Record<number, { digit: string | null; confidence: number }> = {};
    for (const d of [0, 1, 2, 3, 4, 7]) {
      const clear = page.getByTestId('clear');
      if (await clear.isEnabled()) await clear.click();
      await expect(drawing.prediction).toHaveAttribute('data-digit', '');
      await drawing.digit(d);
      results[d] = await drawing.settled();
      expect(await previewInk(page)).toBeGreaterThan(20);
    }
    test.info().annotations.push({ type: 'answers', description: JSON.stringify(results) });
    for (const [d, r] of Object.entries(results)) expect(r.digit, `drew a ${d}`).toBe(d);
  });

  test('pending is set by the very event that changes the drawing', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    await drawing.digit(7);
    await drawing.settled();
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    // Dispatch a pointerdown and read the attribute in the same task.
    const pendingInHandler = await page.evaluate(({ x, y }) => {
      const canvas = document.querySelector('[data-testid="draw-canvas"]')!;
      canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', button: 0, buttons: 1, bubbles: true }));
      const v = document.querySelector('[data-testid="prediction"]')!.getAttribute('data-pending');
      canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', button: 0, buttons: 0, bubbles: true }));
      return v;
    }, { x: box.x + box.width * 0.8, y: box.y + box.height * 0.8 });
    expect(pendingInHandler).toBe('true');
    await drawing.settled();
  });

  test('clear empties the canvas and the prediction; undo removes the last stroke', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    await drawing.digit(4);
    await drawing.settled();
    const full = await previewInk(page);
    await page.keyboard.press('Control+z');
    await drawing.settled();
    const undone = await previewInk(page);
    expect(undone).toBeGreaterThan(0);
    expect(undone).not.toBeCloseTo(full, 0);
    await page.getByTestId('clear').click();
    await expect(drawing.prediction).toHaveAttribute('data-digit', '');
    expect(await previewInk(page)).toBe(0);
  });

  test('a scribble gets a low-confidence answer that says so', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    // Three separate blobs scattered over the canvas: not a digit.
    for (const [x, y] of [[0.2, 0.2], [0.8, 0.25], [0.5, 0.85]]) {
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
      await page.mouse.down();
      await page.mouse.move(box.x + (x + 0.03) * box.width, box.y + (y + 0.03) * box.height, { steps: 2 });
      await page.mouse.up();
    }
    const r = await drawing.settled();
    test.info().annotations.push({ type: 'scribble', description: JSON.stringify(r) });
    expect(r.digit).not.toBe('');
    expect(r.confidence).toBeLessThan(0.5);
    await expect(drawing.prediction).toContainText('Not sure');
  });

  test('a stroke that leaves the canvas is still captured', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height + 60, { steps: 6 });
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 4 });
    await page.mouse.up();
    const r = await drawing.settled();
    expect(r.digit).not.toBe('');
    expect(await previewInk(page)).toBeGreaterThan(10);
  });
});

test.describe('touch', () => {
  test.use({ hasTouch: true });
  test('draws with a finger', async ({ page, app, drawing }) => {
    await app.open('draw');
    await app.modelReady();
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const at = ([x, y]: [number, number]) => ({ x: box.x + x * box.width, y: box.y + y * box.height });
    for (const stroke of DIGIT_STROKES[7]) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0])] });
      for (let i = 1; i < stroke.length; i++) {
        for (let k = 1; k <= 5; k++) {
          const [x0, y0] = stroke[i - 1];
          const [x1, y1] = stroke[i];
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at([x0 + ((x1 - x0) * k) / 5, y0 + ((y1 - y0) * k) / 5])] });
        }
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    const r = await drawing.settled();
    expect(r.digit).toBe('7');
  });
});

test.describe('bad model files', () => {
  test('a truncated weights file raises an alert naming it, and drawing still works', async ({ page, drawing }) => {
    await page.route('**/models/default/model.weights.bin', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      await route.fulfill({ response: res, body: body.subarray(0, body.length - 1000) });
    });
    await page.goto('./');
    const alert = page.getByRole('alert').first();
    await expect(alert).toContainText('model.weights.bin', { timeout: 90_000 });
    await expect(page.getByTestId('model-status')).not.toHaveAttribute('data-ready', 'true');
    await drawing.digit(1);
    expect(await previewInk(page)).toBeGreaterThan(10);
    await expect(drawing.prediction).toHaveAttribute('data-digit', '');
  });

  test('a corrupt model.json raises an alert naming it', async ({ page }) => {
    await page.route('**/models/default/model.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"modelTopology": {' }));
    await page.goto('./');
    await expect(page.getByRole('alert').first()).toContainText('model.json', { timeout: 90_000 });
  });
});

test.describe('no WebGL', () => {
  test('falls back to the CPU backend, says so, and still reads digits', async ({ playwright, baseURL }) => {
    // @ts-expect-error: plain ESM helper shared with the Node scripts.
    const { CHROMIUM_ARGS, chromiumPath } = await import('../scripts/lib/chromium.mjs');
    const browser = await playwright.chromium.launch({ executablePath: chromiumPath(), args: [
        // No GPU and no software fallback: WebGL contexts cannot be created, in the page or in workers.
        ...CHROMIUM_ARGS.filter((a: string) => !/use-gl|use-angle|ignore-gpu-blocklist|unsafe-swiftshader/.test(a)),
        '--disable-gpu',
        '--disable-software-rasterizer',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const drawing = new Drawing(page);
      await page.goto(baseURL!);
      await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
      await expect(page.getByTestId('notice').filter({ hasText: 'CPU' })).toBeVisible();
      await expect(page.getByTestId('model-status')).toContainText('CPU');
      await drawing.digit(1);
      const r = await drawing.settled();
      expect(r.digit).not.toBe('');
    } finally {
      await browser.close();
    }
  });
});
