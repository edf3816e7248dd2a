/**
 * The training dashboard, end to end on software WebGL: a small model trains,
 * draws its curves, stops, is offered for resumption after a reload, resumes,
 * and the model it made reads a drawing. Kept to a few dozen batches.
 */
import type { Page } from '@playwright/test';
import { App, expect, test } from './fixtures';

const status = (page: Page) => page.getByTestId('train-status');
const batches = (page: Page) => async () => Number(await status(page).getAttribute('data-batches'));

/** How many recharts curves in a chart have drawn a path of the run's own (not the example curves shown before a run). */
const drawnCurves = (page: Page, chart: 'loss' | 'acc') => async () =>
  page
    .locator(`[data-testid="train-chart-${chart}"][data-ghost="false"]`)
    .locator('path.recharts-curve')
    .evaluateAll((paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 10).length);

test('Train stays disabled with a bad hyperparameter, and the field says why', async ({ page, app, drawing }) => {
  await app.open('train');
  const start = page.getByTestId('train-start');
  const batch = page.getByTestId('train-batch-size');
  await expect(start).toBeEnabled();

  await batch.fill('0');
  await expect(start).toBeDisabled();
  await expect(batch).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('train-batch-size-error')).toContainText('at least 1');

  await batch.fill('60000');
  await expect(start).toBeDisabled();
  await expect(page.getByTestId('train-batch-size-error')).toContainText('55000');

  await batch.fill('32');
  await expect(start).toBeEnabled();
  await expect(batch).not.toHaveAttribute('aria-invalid', 'true');

  const lr = page.getByTestId('train-learning-rate');
  await lr.fill('0');
  await expect(start).toBeDisabled();
  await expect(page.getByTestId('train-learning-rate-error')).toContainText('above 0');
  await lr.fill('abc');
  await expect(start).toBeDisabled();

  // Picking an architecture refills its recipe, which is valid; drawn digits are mixed in only where the recipe does.
  await expect(page.getByTestId('train-strokes')).toBeChecked();
  await page.getByRole('radio', { name: /Tutorial MLP/ }).check();
  await expect(lr).toHaveValue('0.001');
  await expect(page.getByTestId('train-strokes')).not.toBeChecked();
  await expect(start).toBeEnabled();
  await expect(status(page)).toHaveAttribute('data-state', 'idle');
});

test('train, stop, reload, resume, stop: the new model reads a drawing', async ({ page, app, drawing }) => {
  test.setTimeout(420_000);
  await app.open('train');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  await page.getByTestId('train-batch-size').fill('32');
  // With drawn digits mixed into its batches (off in this recipe), judged by its weights' average (kept in the checkpoint across the reload).
  await page.getByTestId('train-strokes').check({ force: true });
  await page.getByTestId('train-average').check({ force: true });
  await expect(status(page)).toHaveAttribute('data-state', 'idle');

  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', /loading|training/);
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(20);
  await expect(status(page)).toHaveAttribute('data-state', 'training');
  expect(Number(await status(page).getAttribute('data-samples-per-sec'))).toBeGreaterThan(0);
  // Smoothed and raw training curves in both charts.
  await expect.poll(drawnCurves(page, 'loss'), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(drawnCurves(page, 'acc'), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', /stopping|done/);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  const firstRun = Number(await status(page).getAttribute('data-batches'));
  expect(firstRun).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('train-test-accuracy')).toHaveText(/\d+\.\d+%/);
  const firstAcc = Number(await page.getByTestId('train-test-accuracy').getAttribute('data-accuracy'));
  await expect(page.getByTestId('train-confusion').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('train-mistakes').locator('canvas').first()).toBeVisible();
  // Beside it, the held-out drawn digits; their matrix is one tab away and counts every tested drawing once.
  const strokeAcc = page.getByTestId('train-stroke-accuracy');
  await expect(strokeAcc).toHaveText(/\d+\.\d+%/);
  const strokeCount = Number(await strokeAcc.getAttribute('data-count'));
  expect(strokeCount).toBe(2500);
  await page.getByRole('tab', { name: 'Drawn digits' }).click();
  const cells = page.getByTestId('train-stroke-confusion').locator('tbody tr').locator('td');
  await expect(cells).toHaveCount(100);
  const counts = (await cells.allTextContents()).map((t) => Number(t) || 0); // '·' is an empty cell
  expect(counts.reduce((a, b) => a + b, 0)).toBe(strokeCount);
  const diagonal = counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  expect(diagonal / strokeCount).toBeCloseTo(Number(await strokeAcc.getAttribute('data-accuracy')), 6);
  await page.getByRole('tab', { name: 'Scans' }).click();
  await expect(page.getByTestId('train-confusion')).toBeVisible();
  // A few batches score below the shipped model, which stays; the run's model is one click away.
  await expect(page.getByTestId('train-kept')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('train-use-model').click();
  await expect(page.getByTestId('train-active')).toBeVisible({ timeout: 60_000 });
  const firstModel = await page.getByTestId('model-status').getAttribute('data-model');
  expect(firstModel).toMatch(/^run-/);
  // Stopping left a checkpoint, offered at once.
  await expect(page.getByTestId('train-resume-offer')).toContainText(`at batch ${firstRun} of epoch 1`);

  await page.reload();
  const offer = page.getByTestId('train-resume-offer');
  await expect(offer).toContainText(`A run was interrupted at batch ${firstRun} of epoch 1`, { timeout: 60_000 });
  await expect(offer).toContainText('Single-layer');
  await page.getByTestId('train-resume').click();
  await expect(status(page)).toHaveAttribute('data-state', /loading|training/);
  await expect(offer).toBeHidden();
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(10);
  // The resumed run continues the batch count of the epoch.
  const inEpoch = page.getByRole('progressbar', { name: /in this epoch/ });
  await expect.poll(async () => Number(await inEpoch.getAttribute('aria-valuenow'))).toBeGreaterThan(firstRun);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  // The resumed run replaces the first run's model only if it scores at least as well.
  const secondAcc = Number(await page.getByTestId('train-test-accuracy').getAttribute('data-accuracy'));
  if (secondAcc < firstAcc) {
    await expect(page.getByTestId('train-kept')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('train-use-model').click();
  }
  await expect(page.getByTestId('train-active')).toBeVisible({ timeout: 60_000 });
  const secondModel = await page.getByTestId('model-status').getAttribute('data-model');
  expect(secondModel).toMatch(/^run-/);
  expect(secondModel).not.toBe(firstModel);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true');

  await app.open('draw');
  await drawing.digit(1);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-pending', 'false', { timeout: 30_000 });
  await expect(prediction).toHaveAttribute('data-digit', /^\d$/);
  const confidence = Number(await prediction.getAttribute('data-confidence'));
  expect(confidence).toBeGreaterThan(0);
  expect(confidence).toBeLessThanOrEqual(1);

  // Both runs' histories were kept (the first one across the reload), each exportable as CSV.
  await app.open('library');
  const kept = page.getByTestId('run-history');
  await expect(kept.and(page.locator(`[data-run-id="${firstModel}"]`))).toBeVisible({ timeout: 30_000 });
  await expect(kept.and(page.locator(`[data-run-id="${secondModel}"]`))).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), kept.and(page.locator(`[data-run-id="${firstModel}"]`)).getByTestId('export-run-history').click()]);
  expect(download.suggestedFilename()).toBe(`${firstModel}-history.csv`);
  const csv = await new Promise<string>((resolve, reject) => {
    void download.createReadStream().then((stream) => {
      let text = '';
      stream.on('data', (c) => (text += c));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    });
  });
  const lines = csv.trim().split('\n');
  expect(lines[0]).toMatch(/^batch,loss_mean_of_\d+,acc_mean_of_\d+/);
  expect(lines.length).toBeGreaterThan(2);
});

test('a second tab cannot start a run while one trains: it says why, and can once the first stops', async ({ page, context, app }) => {
  test.setTimeout(300_000);
  await app.open('train');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', /loading|training/);

  const other = await context.newPage();
  await new App(other).open('train');
  await other.getByRole('radio', { name: /Single-layer/ }).check();
  await other.getByTestId('train-start').click();
  const alert = other.getByRole('alert').filter({ hasText: 'Training is running in another tab' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(status(other)).toHaveAttribute('data-state', 'idle');

  // The first tab's run goes on; stopped, it frees the claim.
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(3);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await other.getByTestId('train-start').click();
  await expect(status(other)).toHaveAttribute('data-state', /loading|training/, { timeout: 30_000 });
  await other.getByTestId('train-stop').click();
  await expect(status(other)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await other.close();
});

test.describe('when the training data is missing', () => {
  // Requests from the lab worker must reach the route below, not a service-worker cache.
  test.use({ serviceWorkers: 'block' });

  test('the run fails with an alert naming the file', async ({ page, app, drawing }) => {
    await page.context().route(/data\/mnist\/train-\d+\.bin/, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await app.open('train');
    await page.getByRole('radio', { name: /Single-layer/ }).check();
    await page.getByTestId('train-start').click();
    await expect(status(page)).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
    const alert = page.getByRole('alert').filter({ hasText: /training data/i });
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('data-code', 'data-missing');
    await expect(alert).toContainText(/train-\d+\.bin/);
    // Nothing is running: a new attempt can be made.
    await expect(page.getByTestId('train-start')).toBeEnabled();
  });
});

test('a run can start from the active model: the shipped CNN, a few slow steps later, still reads MNIST as well', async ({ page, app, drawing }) => {
  test.setTimeout(300_000);
  await app.open('train');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const warm = page.getByTestId('train-warm-start');
  // The shipped model is a Digit Lab CNN: the switch is there for that architecture, off by default.
  await page.getByRole('radio', { name: /Digit Lab CNN/ }).check();
  await expect(warm).toBeEnabled();
  await expect(warm).not.toBeChecked();
  // Not for another architecture, and it says why.
  await page.getByRole('radio', { name: /Tutorial MLP/ }).check();
  await expect(warm).toBeDisabled();
  await expect(page.locator('#hp-warm-note')).toContainText('not a Tutorial MLP');

  await page.getByRole('radio', { name: /Digit Lab CNN/ }).check();
  await warm.check({ force: true });
  await expect(warm).toBeChecked();
  await page.getByTestId('train-batch-size').fill('32');
  await page.getByTestId('train-learning-rate').fill('0.00001');
  await page.getByTestId('train-start').click();
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(8);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  // Fresh weights after a handful of batches score far below this; the shipped model's start scores ~99%.
  const acc = parseFloat((await page.getByTestId('train-test-accuracy').textContent()) ?? '0');
  expect(acc).toBeGreaterThan(97);
});
