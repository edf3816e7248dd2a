/**
 * The traps that break a first lesson (issue 21), each as a user meets it:
 * a short stopped run must not replace the better shipped model, Enter must
 * save what the answer shows (not the digit button clicked before), and a
 * line or a grid must read "not sure" rather than a confident digit.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/** The shipped model's MNIST test accuracy, as its meta.json records it (the figure the Train tab shows). */
const SHIPPED_ACCURACY: number = JSON.parse(readFileSync('public/models/default/meta.json', 'utf8')).testAccuracy;

const status = (page: Page) => page.getByTestId('train-status');
const prediction = (page: Page) => page.getByTestId('prediction');
const note = (page: Page) => page.getByTestId('label-note');

async function settled(page: Page): Promise<void> {
  await expect(prediction(page)).toHaveAttribute('data-pending', 'false', { timeout: 30_000 });
  await expect(prediction(page)).not.toHaveAttribute('data-digit', '');
}

test('a short stopped run scores lower: the shipped model stays active, and the run is offered with both accuracies', async ({ page, app, drawing }) => {
  test.setTimeout(300_000);
  await app.open('train');
  const model = page.getByTestId('model-status');
  await expect(model).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  const shipped = await model.getAttribute('data-model');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  await page.getByTestId('train-batch-size').fill('32');
  await page.getByTestId('train-start').click();
  // Another tab still says a run is going.
  await app.open('draw');
  await expect(page.getByTestId('run-indicator')).toBeVisible({ timeout: 60_000 });
  await app.open('train');
  await expect.poll(async () => Number(await status(page).getAttribute('data-batches')), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('run-indicator')).toHaveText(/\d+%/);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  const runAcc = Number(await page.getByTestId('train-test-accuracy').getAttribute('data-accuracy'));
  expect(runAcc).toBeGreaterThan(0);
  expect(runAcc).toBeLessThan(SHIPPED_ACCURACY);
  const kept = page.getByTestId('train-kept');
  await expect(kept).toBeVisible();
  await expect(kept).toContainText('still reads your drawings');
  await expect(page.getByTestId('train-kept-accuracy')).toHaveText(`${(SHIPPED_ACCURACY * 100).toFixed(2)}%`);
  await expect(kept).toContainText(`${(runAcc * 100).toFixed(2)}%`);
  await expect(page.getByTestId('train-active')).toHaveCount(0);
  expect(await model.getAttribute('data-model')).toBe(shipped);

  // The user may still choose it.
  await page.getByTestId('train-use-model').click();
  await expect(page.getByTestId('train-active')).toBeVisible({ timeout: 60_000 });
  await expect(model).toHaveAttribute('data-model', /^run-/);
  await expect(model).toHaveAttribute('data-ready', 'true');

  // The library's way back says what it does.
  await app.open('library');
  await expect(page.locator(`[data-testid=library-row][data-model-id="${shipped}"]`).getByTestId('library-use')).toHaveText('Use the shipped model');
  // Once another model is active, the Train tab no longer claims the run's is.
  await page.locator(`[data-testid=library-row][data-model-id="${shipped}"]`).getByTestId('library-use').click();
  await expect(model).toHaveAttribute('data-model', shipped!, { timeout: 60_000 });
  await app.open('train');
  await expect(page.getByTestId('train-results')).toBeVisible();
  await expect(page.getByTestId('train-active')).toHaveCount(0);
});

test('Enter saves the answer shown, even when the digit button clicked before still has focus; focus returns to the canvas', async ({ page, app, drawing }) => {
  test.setTimeout(240_000);
  await app.open('draw');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  await drawing.digit(1);
  await settled(page);
  await page.getByTestId('label-digit-5').click();
  await expect(note(page)).toContainText('Saved as a 5');
  await expect(page.getByTestId('label-undo')).toBeVisible();
  // Focus is back on the canvas after the save.
  await expect(page.getByTestId('draw-canvas')).toBeFocused();

  await drawing.digit(7);
  await settled(page);
  await expect(prediction(page)).toHaveAttribute('data-digit', '7');
  await page.keyboard.press('Enter');
  await expect(note(page)).toContainText('Saved as a 7');
  await expect(page.getByTestId('samples-count')).toHaveAttribute('data-count', '2');

  // Even with focus put on a digit button, Enter means "the answer shown is right".
  await drawing.digit(7);
  await settled(page);
  await page.getByTestId('label-digit-3').focus();
  await page.keyboard.press('Enter');
  await expect(note(page)).toContainText('Saved as a 7');
  await expect(page.getByTestId('samples-count')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('draw-canvas')).toBeFocused();
  // The saved drawing can be taken back.
  await page.getByTestId('label-undo').click();
  await expect(page.getByTestId('samples-count')).toHaveAttribute('data-count', '2');
});

test('a sloping line and a grid read "not sure" (not a confident digit); an 8 reads "an 8", a European 1 "a 1"', async ({ page, app, drawing }) => {
  test.setTimeout(240_000);
  await app.open('draw');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  const shapes: Record<string, [number, number][][]> = {
    // The shipped model reads this "2" at ~61% with 5 at ~19% (the old rule called that sure).
    line: [[[0.2, 0.6], [0.8, 0.4]]],
    // "4" at ~55% with 7 at ~24%.
    grid: [[[0.4, 0.2], [0.35, 0.8]], [[0.6, 0.2], [0.55, 0.8]], [[0.2, 0.4], [0.8, 0.4]], [[0.2, 0.6], [0.8, 0.6]]],
  };
  for (const [name, strokes] of Object.entries(shapes)) {
    if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
    await drawing.strokes(strokes.map((st) => st.map(([x, y]) => ({ x, y }))), 6);
    await settled(page);
    await expect(prediction(page), name).toContainText('Not sure');
    await expect(prediction(page), name).toContainText(/best guess \d \(\d+%\), then \d \(\d+%\)/);
  }
  await page.getByTestId('clear').click();
  await drawing.digit(8, { steps: 1 });
  await settled(page);
  await expect(prediction(page)).toHaveAttribute('data-digit', '8');
  await expect(prediction(page)).toContainText('It’s an 8');
  // The 1 with a long flag, as much of Europe writes it (issue 16): the model shipped before 2026-12-03 was not sure
  // of it (1 at 72%, 7 at 24%); today's reads it as a 1 at 94%.
  await page.getByTestId('clear').click();
  await drawing.strokes([[{ x: 0.34, y: 0.4 }, { x: 0.6, y: 0.14 }, { x: 0.6, y: 0.86 }]], 6);
  await settled(page);
  await expect(prediction(page)).toHaveAttribute('data-digit', '1');
  await expect(prediction(page)).toContainText('It’s a 1');
});

test('Look inside: arrow keys move between the views; saliency opens on integrated gradients', async ({ page, app, drawing }) => {
  test.setTimeout(240_000);
  await app.open('inspect');
  const tab = (v: string) => page.getByTestId(`inspect-tab-${v}`);
  await tab('filters').click();
  await expect(tab('filters')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(tab('maps')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('maps')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // Wraps round to the last view.
  const last = page.getByRole('tab').last();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tab('filters')).toHaveAttribute('aria-selected', 'true');
  await tab('saliency').click();
  await expect(page.getByTestId('inspect-saliency').getByRole('radio', { name: 'Integrated gradients' })).toHaveAttribute('aria-checked', 'true', { timeout: 120_000 });
  // One Tab stop for the row: only the selected tab is in the tab order.
  expect(await page.locator('[role=tab][tabindex="0"]').count()).toBe(1);
});

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the answer is on screen after drawing; the tab bar shows that it scrolls; Train shows status before the explainer, with no sideways scroll', async ({ page, app, drawing }) => {
    test.setTimeout(240_000);
    await app.open('draw');
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    await drawing.digit(7, { steps: 2 });
    await settled(page);
    const strip = page.getByTestId('answer-strip');
    await expect(strip).toContainText(/It’s a 7|Not sure/);
    const box = (await strip.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // Every tab is either inside the bar, or the bar fades at the edge that hides one.
    const tabs = page.getByTestId('tabs');
    const nav = (await tabs.boundingBox())!;
    const lib = (await page.getByTestId('tab-library').boundingBox())!;
    if (lib.x + lib.width > nav.x + nav.width) await expect(tabs).toHaveAttribute('data-overflow', /end|both/);
    else await expect(tabs).toHaveAttribute('data-overflow', 'none');

    await app.open('train');
    const run = (await page.getByTestId('train-status').boundingBox())!;
    const explainer = (await page.locator('.explainer').boundingBox())!;
    expect(run.y).toBeLessThan(explainer.y);
    // Train and the run's status are one card.
    await expect(page.getByTestId('train-status').getByTestId('train-start')).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test.describe('on a narrow phone (360×740)', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('no tab scrolls sideways, the header shows "Ready" whole, and Look inside shows all nine views in even rows inside their bar', async ({ page, app, drawing }) => {
    test.setTimeout(180_000);
    await app.open('draw');
    await app.modelReady(undefined, 120_000);
    // After a prediction the pill also says where one-image answers run ("WebGL · CPU" on a wide screen).
    await drawing.digit(7, { steps: 2 });
    await settled(page);
    await expect(app.status.locator('[data-predict-on]')).not.toHaveAttribute('data-predict-on', '');
    // The header's pill shows where it runs and "Ready" whole: only the model's name may shorten (with an ellipsis).
    const clipped = await app.status.evaluate((pill) => {
      const edge = Math.min(window.innerWidth, pill.getBoundingClientRect().right);
      return [...pill.children]
        .filter((e) => !e.classList.contains('status-model'))
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > edge + 0.5)
        .map((e) => e.textContent);
    });
    expect(clipped).toEqual([]);
    for (const section of ['draw', 'train', 'teach', 'library', 'inspect'] as const) {
      await app.open(section);
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: section }).toBeLessThanOrEqual(360);
    }
    const bar = (await page.getByRole('tablist', { name: 'Views' }).boundingBox())!;
    const views = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
    expect(await views.count()).toBe(9);
    const rows = new Map<number, number>();
    for (const box of await Promise.all((await views.all()).map((v) => v.boundingBox()))) {
      expect(box!.x).toBeGreaterThanOrEqual(bar.x);
      expect(box!.x + box!.width).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
      const top = Math.round(box!.y);
      rows.set(top, (rows.get(top) ?? 0) + 1);
    }
    // Three rows of three, not 3 + 4 + 2.
    expect([...rows.values()]).toEqual([3, 3, 3]);
  });
});

for (const [width, height] of [[1366, 768], [1920, 1080]]) {
  test(`at ${width}×${height} the Train button and the run's status are in one view`, async ({ page, app, drawing }) => {
    await page.setViewportSize({ width, height });
    await app.open('train');
    const start = (await page.getByTestId('train-start').boundingBox())!;
    const status = (await page.getByTestId('train-status').boundingBox())!;
    expect(start.y + start.height).toBeLessThanOrEqual(height);
    expect(status.y).toBeGreaterThanOrEqual(0);
    expect(status.y).toBeLessThan(height);
  });
}

// 150% browser zoom on a 1366×768 screen: the page lays out in 911×512 CSS pixels, each drawn 1.5 device pixels wide.
test.describe('at 150% zoom on a 1366×768 screen', () => {
  test.use({ viewport: { width: 911, height: 512 }, deviceScaleFactor: 1.5 });

  test("the Train button and the run's status are in one view", async ({ page, app, drawing }) => {
    await app.open('train');
    expect(await page.evaluate(() => [window.innerWidth, window.innerHeight, window.devicePixelRatio])).toEqual([911, 512, 1.5]);
    const start = (await page.getByTestId('train-start').boundingBox())!;
    const status = (await page.getByTestId('train-status').boundingBox())!;
    expect(start.y).toBeGreaterThanOrEqual(0);
    expect(start.y + start.height).toBeLessThanOrEqual(512);
    expect(status.y).toBeGreaterThanOrEqual(0);
    expect(status.y).toBeLessThan(512);
    await expect(page.getByTestId('train-start')).toBeInViewport({ ratio: 1 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(911);
  });
});

test('before Train: a few measured batches give an estimate of the run’s time on this device', async ({ page, app, drawing }) => {
  test.setTimeout(300_000);
  await app.open('train');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  const estimate = page.getByTestId('train-estimate');
  await expect(page.getByTestId('train-estimate-measure')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('train-estimate-measure').click();
  await expect(estimate).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  const one = Number(await estimate.getAttribute('data-seconds'));
  expect(one).toBeGreaterThan(0);
  await expect(estimate).toContainText(/About .+ on this device for 1 epoch/);
  // The full recipe is one click away, and the estimate scales with it.
  await page.getByTestId('train-full-recipe').click();
  await expect(page.getByTestId('train-epochs')).toHaveValue('5');
  await expect.poll(async () => Number(await estimate.getAttribute('data-seconds'))).toBeGreaterThan(one * 4);
  // Measuring left the lab free: a run starts.
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', /loading|training/, { timeout: 30_000 });
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
});
