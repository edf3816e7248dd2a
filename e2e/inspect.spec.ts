/**
 * Look inside, end to end on software WebGL: every view of the shipped model
 * paints real pictures, noise gets an answer, and a model without conv layers
 * shows its weights as images instead of filters. All inspection runs in the
 * lab worker.
 */
import type { Page } from '@playwright/test';
import { expect, test, type App } from './fixtures';
import { expectPainted } from './fixtures/canvas';

/** Ceiling on the feature maps' data-latency-p95 (see the test). */
const FEATURE_MAPS_P95_MAX_MS = 500;

async function openInspectReady(app: App) {
  await app.open('inspect');
  await app.modelReady();
}

async function view(page: Page, id: 'filters' | 'maps' | 'noise' | 'dream' | 'saliency' | 'codes') {
  await page.getByTestId(`inspect-tab-${id}`).click();
  await expect(page.getByTestId(`inspect-tab-${id}`)).toHaveAttribute('aria-selected', 'true');
}

test.describe('look inside', () => {
  test('every view paints non-blank canvases for the shipped model', async ({ page, app, drawing }) => {
    test.setTimeout(300_000);
    await openInspectReady(app);
    await drawing.digit(7);

    await view(page, 'filters');
    const filters = page.getByTestId('inspect-filters');
    const weights = filters.getByTestId('filters-canvas').or(filters.getByTestId('dense-weights-canvas'));
    await expectPainted(weights);
    // The shipped model is a CNN: its conv layers' kernels, on a labelled scale (the last test covers a model without conv layers).
    await expect(weights).toHaveAttribute('data-testid', 'filters-canvas');
    await expect(filters.getByRole('radio', { name: /^Conv \d$/ }).first()).toBeVisible();
    await expect(filters.getByRole('img', { name: /^weight: colour scale from -/ })).toBeVisible();

    await view(page, 'maps');
    const maps = page.getByTestId('inspect-feature-maps');
    const layers = maps.locator('canvas[data-testid^="fm-layer-"]');
    await expect.poll(() => layers.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < (await layers.count()); i++) await expectPainted(layers.nth(i));
    // Hovering a map enlarges it.
    await layers.first().hover({ position: { x: 5, y: 5 } });
    await expect(maps.locator('.maps-zoom-caption')).toContainText(/map 1 of \d+/);
    // Drawing more updates the maps live.
    const before = await layers.first().evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await drawing.digit(1);
    await expect.poll(() => layers.first().evaluate((c: HTMLCanvasElement) => c.toDataURL()), { timeout: 30_000 }).not.toBe(before);
    // Stroke → all layers' maps painted, p95 over the strokes so far: the issue's target is 100 ms (#15). `npm run bench:ui`
    // measured 89 ms with the plain-JS engine under load (157 ms on tfjs's CPU backend beside it); this spec measured
    // 365 ms at load average ~10 (1,327 ms beside a pretrain's browser). The ceiling leaves room for a loaded CI machine.
    // Each stroke's maps are painted before the next drawing starts (no fixed sleeps: the count says when).
    const painted = async () => Number((await maps.getAttribute('data-latency-count')) ?? 0);
    for (const d of [2, 3, 4, 5, 6, 8]) {
      const before = await painted();
      await page.getByRole('button', { name: 'Clear the drawing' }).click();
      await drawing.digit(d);
      await expect.poll(painted, { timeout: 30_000 }).toBeGreaterThan(before);
    }
    const lag = { p95: await maps.getAttribute('data-latency-p95'), strokes: await maps.getAttribute('data-latency-count') };
    console.log(`[inspect] feature maps, stroke end → painted: p95 ${Math.round(Number(lag.p95))} ms over ${lag.strokes} strokes`);
    test.info().annotations.push({ type: 'feature-map latency', description: `p95 ${Math.round(Number(lag.p95))} ms over ${lag.strokes} strokes` });
    expect(Number(lag.strokes)).toBeGreaterThan(5);
    expect.soft(Number(lag.p95), 'feature maps: stroke → painted, p95 (ms)').toBeLessThanOrEqual(FEATURE_MAPS_P95_MAX_MS);

    await view(page, 'noise');
    await expectPainted(page.getByTestId('noise-image'), 20);
    await expect(page.getByTestId('inspect-noise-prediction')).toHaveAttribute('data-digit', /^\d$/);

    await view(page, 'saliency');
    await expectPainted(page.getByTestId('saliency-map'));
    await expectPainted(page.getByTestId('saliency-overlay'));

    await view(page, 'codes');
    await expectPainted(page.getByTestId('code-b'));
    await page.getByTestId('codes-pin').click();
    await expectPainted(page.getByTestId('code-a'));
    await page.getByRole('button', { name: 'Clear the drawing' }).click();
    await drawing.digit(1);
    await expectPainted(page.getByTestId('code-diff'));
    await expect(page.getByTestId('inspect-codes')).toContainText(/similarity -?\d+%/);

    await view(page, 'dream');
    const dream = page.getByTestId('inspect-dream');
    await dream.getByRole('combobox', { name: 'Steps' }).selectOption('60');
    await page.getByTestId('dream-start').click();
    await expect(dream).toHaveAttribute('data-state', /running|done/);
    await expect(dream).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
    await expectPainted(page.getByTestId('dream-image'), 10);
    await expect(dream).toContainText(/The model reads the result as \d/);
  });

  test('noise gets an answer with all ten probabilities, and a new seed a new one', async ({ page, app, drawing }) => {
    await openInspectReady(app);
    await view(page, 'noise');
    const answer = page.getByTestId('inspect-noise-prediction');
    await expect(answer).toHaveAttribute('data-digit', /^\d$/, { timeout: 60_000 });
    await expect(answer.locator('.bar')).toHaveCount(10);
    const confidence = Number(await answer.getAttribute('data-confidence'));
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThanOrEqual(1);
    // The same seed always gives the same noise.
    await page.getByTestId('noise-seed').fill('7');
    await expect(page.getByTestId('inspect-noise')).toContainText('seed 7', { timeout: 60_000 });
    const first = await page.getByTestId('noise-image').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByTestId('noise-new').click();
    await expect(page.getByTestId('inspect-noise')).not.toContainText('seed 7', { timeout: 60_000 });
    await page.getByTestId('noise-seed').fill('7');
    await expect(page.getByTestId('inspect-noise')).toContainText('seed 7', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('noise-image').evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(first);
    await expect(answer).toHaveAttribute('data-digit', /^\d$/);
  });

  test('a model without conv layers shows its weights as 28×28 images', async ({ page, app, drawing }) => {
    test.setTimeout(300_000);
    await openInspectReady(app);
    // A few batches of the tutorial MLP, through the app's own lab worker (the test hook), then make it active.
    const id = await page.evaluate(async () => {
      const { bridge } = window.__digitLab!;
      const r = await bridge.request('lab', 'train', {
        config: { arch: 'mlp', epochs: 1, batchSize: 32, learningRate: 0.001, optimizer: 'rmsprop', augment: false, schedule: 'constant', labelSmoothing: 0, maxBatches: 3, trainLimit: 256, testLimit: 64, seed: 1 },
        resume: false,
      });
      await bridge.loadModel(r.model.id);
      return r.model.id;
    });
    await app.modelReady(id, 60_000);

    await view(page, 'filters');
    await expect(page.getByTestId('filters-no-conv')).toContainText('no convolutional layers', { timeout: 60_000 });
    const weights = page.getByTestId('dense-weights-canvas');
    await expectPainted(weights, 20);
    await expect(weights).toHaveAttribute('data-tiles', '100');
    await page.getByRole('button', { name: 'Show all 784 units' }).click();
    await expect(weights).toHaveAttribute('data-tiles', '784');

    // Its hidden layer still has activations to show, and a code to compare.
    await drawing.digit(3);
    await view(page, 'maps');
    await expectPainted(page.locator('canvas[data-testid^="fm-layer-"]').first());
  });
});
