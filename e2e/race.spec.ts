/**
 * A race of the MLP and the single-layer net: both train in the lab in turns,
 * both curves draw with the same-images marker, train-status reports the
 * race per side, stop ends both, and each side becomes a library model whose
 * history Compare runs can pick. Also records each side's images/s (the
 * race's cost against solo runs is measured in BENCHMARKS.md).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const attr = (page: Page, testId: string, name: string) => async () => Number(await page.getByTestId(testId).getAttribute(name));
const drawn = (page: Page, kind: 'loss' | 'acc') => async () =>
  page
    .getByTestId(`race-chart-${kind}`)
    .locator('path.recharts-curve')
    .evaluateAll((paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 10).length);

test('race the MLP and the single-layer net: both curves, per-side status, two library models', async ({ page, app, train, library }) => {
  test.setTimeout(420_000);
  await app.open('train');
  const race = page.getByTestId('train-race');
  await page.getByTestId('race-arch-a').selectOption('mlp');
  await page.getByTestId('race-arch-b').selectOption('linear');
  await page.getByTestId('race-batch-size').fill('32');
  // A bad field says why and the race cannot start.
  await page.getByTestId('race-lr-b').fill('0');
  await expect(page.getByTestId('race-blocker')).toContainText('B: Learning rate must be a number above 0');
  await expect(page.getByTestId('race-start')).toBeDisabled();
  await page.getByTestId('race-lr-b').fill('0.5');
  await expect(page.getByTestId('race-blocker')).toHaveCount(0);

  await page.getByTestId('race-start').click();
  await expect(race).toHaveAttribute('data-state', /loading|training/);
  await expect(train.status).toHaveAttribute('data-race', 'true');
  await expect.poll(attr(page, 'train-status', 'data-batches-b'), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(15);
  await expect(train.status).toHaveAttribute('data-state', 'training');
  // In turns: neither side is far ahead. Each side reports once 10 batches are pending (or each second), before its
  // turn passes, so at most 9 go unreported, plus the one batch the side in play is ahead: 10 apart at most, 11 allowed.
  // Both are read in one snapshot of the page: read one after the other, a fast machine adds another report in between
  // (14 seen).
  const [a, b] = await train.status.evaluate((el) => [Number(el.getAttribute('data-batches-a')), Number(el.getAttribute('data-batches-b'))]);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(11);
  await expect.poll(drawn(page, 'loss'), { timeout: 10_000 }).toBe(2);
  await expect.poll(drawn(page, 'acc'), { timeout: 10_000 }).toBe(2);
  await expect.poll(attr(page, 'race-chart-loss', 'data-same-samples')).toBeGreaterThan(0);
  await expect(page.getByTestId('race-chart-loss').locator('.recharts-reference-line')).toHaveCount(1);
  const speed = {
    a: Number(await page.getByTestId('race-side-a').evaluate((el) => el.textContent?.match(/([\d,]+) images\/s/)?.[1]?.replace(/,/g, '') ?? '0')),
    b: Number(await page.getByTestId('race-side-b').evaluate((el) => el.textContent?.match(/([\d,]+) images\/s/)?.[1]?.replace(/,/g, '') ?? '0')),
  };
  test.info().annotations.push({ type: 'race images/s', description: `MLP ${speed.a}, single-layer ${speed.b}` });
  expect(speed.a).toBeGreaterThan(0);
  expect(speed.b).toBeGreaterThan(0);

  await page.getByTestId('race-stop').click();
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(train.status).toHaveAttribute('data-state', 'done');
  const idA = await page.getByTestId('race-side-a').getAttribute('data-model');
  const idB = await page.getByTestId('race-side-b').getAttribute('data-model');
  expect(idA).toMatch(/^run-\d+-a$/);
  expect(idB).toMatch(/^run-\d+-b$/);
  // Stopped mid-epoch: the race can be resumed.
  await expect(page.getByTestId('race-resume')).toBeVisible();

  // Both histories are comparable.
  const compare = page.getByTestId('compare-runs');
  await expect(compare.getByTestId('compare-run-option').and(page.locator(`[data-run-id="${idA}"]`))).toBeVisible({ timeout: 30_000 });
  await expect(compare.getByTestId('compare-run-option').and(page.locator(`[data-run-id="${idB}"]`))).toBeVisible();

  // After a reload the race is offered again and resumes in turns.
  await page.reload();
  await app.open('train');
  await page.getByTestId('race-resume').click();
  await expect.poll(attr(page, 'race-side-b', 'data-batches'), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(5);
  await expect(train.status).toHaveAttribute('data-race', 'true');
  await page.getByTestId('race-stop').click();
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  await app.open('library');
  await expect(library.row(idA!)).toBeVisible({ timeout: 30_000 });
  await expect(library.row(idB!)).toBeVisible();
});
