/**
 * Presentation mode: it writes digits by itself, reads them with the shipped
 * model (probabilities, 28×28 input, first-layer maps), steps with the keys,
 * and Esc puts the page back exactly as it was, drawing included.
 */
import { App, expect, test } from './fixtures';

test('auto-draw writes a digit the network reads; keys step and pause; Esc restores the page', async ({ page, app, drawing }) => {
  test.setTimeout(180_000);
  await app.open('draw');
  await app.modelReady('default');
  // Something of the user's on the Draw tab, to find again afterwards.
  await drawing.digit(7);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-pending', 'false');
  const before = await prediction.getAttribute('data-digit');
  expect(before).toMatch(/^\d$/);

  await page.getByTestId('present-open').click();
  const present = page.getByTestId('present');
  await expect(present).toBeVisible();
  await expect(present).toHaveAttribute('data-animate', 'true');
  // The page underneath is out of reach meanwhile.
  expect(await page.locator('.app').evaluate((el) => (el as HTMLElement).inert)).toBe(true);

  // It writes the first digit stroke by stroke: seen mid-stroke, then whole and read.
  await expect(present).toHaveAttribute('data-phase', 'drawing');
  await expect(present).toHaveAttribute('data-phase', 'showing', { timeout: 15_000 });
  const label = await present.getAttribute('data-label');
  await expect(present).toHaveAttribute('data-digit', label!, { timeout: 30_000 });
  await expect(page.getByTestId('present-answer')).toHaveText(label!);
  await expect(page.getByTestId('present-probs').locator('li')).toHaveCount(10);
  // The 28×28 input has ink, and the first conv layer's maps arrived.
  const ink = await page.getByTestId('present-input').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 64) n++;
    return n;
  });
  expect(ink).toBeGreaterThan(20);
  await expect.poll(async () => Number(await page.getByTestId('present-maps').getAttribute('data-count')), { timeout: 60_000 }).toBeGreaterThan(1);

  // By itself it moves on to the next digit.
  await expect(present).toHaveAttribute('data-index', '1', { timeout: 20_000 });
  // Space pauses; arrows step (whole digits while paused).
  await page.keyboard.press('Space');
  await expect(present).toHaveAttribute('data-paused', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(present).toHaveAttribute('data-index', '2');
  await expect(present).toHaveAttribute('data-phase', 'showing');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(present).toHaveAttribute('data-index', '0');
  await expect(present).toHaveAttribute('data-digit', label!, { timeout: 30_000 });
  await page.waitForTimeout(4500);
  await expect(present).toHaveAttribute('data-index', '0');

  await page.keyboard.press('Escape');
  await expect(present).toHaveCount(0);
  expect(await page.locator('.app').evaluate((el) => (el as HTMLElement).inert)).toBe(false);
  await expect(page.getByTestId('present-open')).toBeFocused();
  // The user's drawing and its prediction are as they were.
  await expect(prediction).toHaveAttribute('data-digit', before!);
  await expect(page.getByTestId('tab-draw')).toHaveAttribute('aria-current', 'page');
});

test('with reduced motion nothing animates: one whole digit per key', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const app = new App(page);
  await app.open('draw');
  await app.modelReady('default');
  await page.getByTestId('present-open').click();
  const present = page.getByTestId('present');
  await expect(present).toHaveAttribute('data-animate', 'false');
  await expect(present).toHaveAttribute('data-phase', 'showing');
  const first = await present.getAttribute('data-label');
  await expect(present).toHaveAttribute('data-digit', first!, { timeout: 30_000 });
  await page.waitForTimeout(6000);
  await expect(present).toHaveAttribute('data-index', '0');
  await page.keyboard.press('Space');
  await expect(present).toHaveAttribute('data-index', '1');
  await expect(present).toHaveAttribute('data-phase', 'showing');
  await page.getByTestId('present-exit').click();
  await expect(present).toHaveCount(0);
  await context.close();
});
