/**
 * Compare runs: two short runs of the single-layer net with different
 * learning rates, then the comparison overlays both curves (by images seen
 * and by wall time), marks the differing settings, keeps the pick across a
 * reload, lists a damaged history as such, and exports CSV and PNG.
 */
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const status = (page: Page) => page.getByTestId('train-status');
const batches = (page: Page) => async () => Number(await status(page).getAttribute('data-batches'));

/** Paths drawn in a compare chart (one per run with points). */
const drawn = (page: Page, kind: 'loss' | 'acc') => async () =>
  page
    .getByTestId(`compare-chart-${kind}`)
    .locator('path.recharts-curve')
    .evaluateAll((paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 10).length);

async function shortRun(page: Page, lr: string): Promise<void> {
  await page.getByTestId('train-learning-rate').fill(lr);
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', /loading|training/);
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(12);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
}

async function read(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('two short runs compared: two curves, a settings table, kept across reloads, exported', async ({ page, app }) => {
  test.setTimeout(480_000);
  await app.open('train');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  await page.getByTestId('train-batch-size').fill('32');
  const card = page.getByTestId('compare-runs');

  await shortRun(page, '0.01');
  // While the second run trains, it can be compared live against the first.
  await page.getByTestId('train-learning-rate').fill('0.001');
  await page.getByTestId('train-start').click();
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(4);
  await expect(card.getByTestId('compare-run-option').and(page.locator('[data-run-id="current"]'))).toContainText('running now');
  await expect.poll(batches(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(12);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  // Both stored runs, picked by default (the newest two), overlaid.
  await expect(card.getByTestId('compare-run-option')).toHaveCount(2, { timeout: 30_000 });
  await expect(card).toHaveAttribute('data-picked', '2');
  await expect(page.getByTestId('compare-chart-loss')).toHaveAttribute('data-series', '2');
  await expect.poll(drawn(page, 'loss')).toBe(2);
  await expect.poll(drawn(page, 'acc')).toBe(2);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('thead th')).toHaveCount(3);
  const lrRow = table.locator('tbody tr', { hasText: 'Learning rate' });
  await expect(lrRow).toHaveAttribute('data-differs', 'true');
  await expect(lrRow).toContainText('0.01');
  await expect(lrRow).toContainText('0.001');
  await expect(table.locator('tbody tr', { hasText: 'Architecture' })).toHaveAttribute('data-differs', 'false');

  // By wall time, then a reload: the pick and the axis are kept; a damaged history is listed, not plotted.
  await page.getByTestId('compare-axis-time').click();
  await expect(page.getByTestId('compare-chart-loss')).toHaveAttribute('data-axis', 'time');
  await expect.poll(drawn(page, 'loss')).toBe(2);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('digit-lab-kv');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ id: 'run-broken', name: 'Broken run', finishedAt: Date.now(), config: { arch: 'mlp', batchSize: 32 }, curve: 'not a curve' }, ['runs', 'run-broken']);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await app.open('train');
  await expect(page.getByTestId('compare-run-damaged')).toContainText('Broken run');
  await expect(page.getByTestId('compare-run-damaged')).toContainText('Damaged history, skipped: its curve is missing');
  await expect(page.getByTestId('compare-chart-loss')).toHaveAttribute('data-axis', 'time');
  await expect(card).toHaveAttribute('data-picked', '2');
  await expect.poll(drawn(page, 'loss')).toBe(2);

  // Unpicking one is remembered too.
  await card.getByTestId('compare-run-option').nth(1).locator('input').uncheck();
  await expect(card).toHaveAttribute('data-picked', '1');
  await page.reload();
  await app.open('train');
  await expect(card).toHaveAttribute('data-picked', '1', { timeout: 30_000 });
  await card.getByTestId('compare-run-option').nth(1).locator('input').check();
  await expect(card).toHaveAttribute('data-picked', '2');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-export-csv').click()]);
  const lines = (await read(csv)).toString('utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^run_id,run_name,arch,batch_size,learning_rate/);
  expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(2);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-export-png').click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const bytes = await read(png);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(5000);
});
