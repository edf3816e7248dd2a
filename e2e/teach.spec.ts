/**
 * Teach, end to end: label drawings (buttons and keys), samples survive a
 * reload, export and re-import (a bad file changes nothing), the variants
 * preview, and fine-tuning on a handful of drawings of one odd style, after
 * which that style is read right while an ordinary digit still is.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { FLAG_ONE, jitter } from './fixtures/handwriting.mjs';

const count = (page: Page) => page.getByTestId('samples-count');
const note = (page: Page) => page.getByTestId('label-note');
const thumbs = (page: Page) => page.getByTestId('sample-thumb');

test('label drawings, keep them across a reload, export and import them', async ({ page, app, drawing }) => {
  await app.open('draw');
  await expect(count(page)).toHaveAttribute('data-count', '0');

  // An empty canvas cannot become a sample.
  await page.getByTestId('label-digit-3').click();
  await expect(note(page)).toContainText('Nothing to save');
  await page.keyboard.press('Enter');
  await expect(note(page)).toContainText('Nothing to save');
  await expect(count(page)).toHaveAttribute('data-count', '0');

  // Correct the label with a button …
  await drawing.strokes(jitter(FLAG_ONE, 1));
  await page.getByTestId('label-digit-1').click();
  await expect(note(page)).toContainText('Saved as a 1');
  await expect(count(page)).toHaveAttribute('data-count', '1');
  // … the saved drawing leaves the canvas …
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '');
  // … and with a key.
  await drawing.digit(7);
  await page.keyboard.press('7');
  await expect(note(page)).toContainText('Saved as a 7');
  await expect(count(page)).toHaveAttribute('data-count', '2');

  await page.reload();
  await app.open('teach');
  await expect(thumbs(page)).toHaveCount(2);
  await expect(page.getByTestId('class-count-1')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('class-count-7')).toHaveAttribute('data-count', '1');
  await expect(thumbs(page).first()).toHaveAttribute('data-label', '1');
  // Thumbnails are redrawn from the strokes: ink on the canvas.
  const inked = await thumbs(page)
    .first()
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 128) n++;
      return n;
    });
  expect(inked).toBeGreaterThan(20);

  // The variants preview: 24+ images made by the worker.
  await thumbs(page).first().hover();
  await thumbs(page).first().getByTestId('sample-variants').click();
  const grid = page.getByTestId('variants-grid');
  await expect(grid).toBeVisible({ timeout: 60_000 });
  expect(Number(await grid.getAttribute('data-count'))).toBeGreaterThanOrEqual(24);
  await expect(grid.locator('canvas')).toHaveCount(Number(await grid.getAttribute('data-count')));
  await page.getByTestId('variants-close').click();
  await expect(grid).toBeHidden();

  // Export …
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('samples-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^digit-lab-samples-.*\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const file = JSON.parse(text);
  expect(file).toMatchObject({ format: 'digit-lab-samples', formatVersion: 1, count: 2 });
  expect(file.samples.map((s: { label: number }) => s.label).sort()).toEqual([1, 7]);
  expect(file.samples[0].image).toHaveLength(784);

  // … delete both …
  await thumbs(page).nth(0).locator('.teach-thumb-main').click();
  await thumbs(page).nth(1).locator('.teach-thumb-main').click();
  await page.getByTestId('samples-delete').click();
  await page.getByTestId('samples-delete-confirm').click();
  await expect(thumbs(page)).toHaveCount(0);

  // … a bad file changes nothing and says which entry is wrong …
  const bad = structuredClone(file);
  bad.samples[1].label = 12;
  await page.getByTestId('samples-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText('Sample 2');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText('label 12 is not a digit 0–9');
  await expect(thumbs(page)).toHaveCount(0);

  // … and the good file brings them back, for good.
  await page.getByTestId('samples-import').setInputFiles({ name: 'samples.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(thumbs(page)).toHaveCount(2);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toHaveCount(0);
  await page.reload();
  await expect(thumbs(page)).toHaveCount(2);

  // Storage full: an alert, the drawing stays on the canvas, the samples already saved stay.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.transaction.db.name === 'digit-lab-kv') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await drawing.digit(4);
  await page.keyboard.press('4');
  const full = page.getByRole('alert').filter({ hasText: 'Your sample was not saved' });
  await expect(full).toContainText('storage is full');
  await expect(note(page)).toContainText('Not saved');
  await expect(count(page)).toHaveAttribute('data-count', '2');
  await expect(thumbs(page)).toHaveCount(2);
  // Still drawn: Clear has something to clear.
  await expect(page.locator('.teach-collect').getByRole('button', { name: 'Clear' })).toBeEnabled();
});

test('fine-tune on a few drawings of an odd style: it reads that style, and still reads an ordinary digit', async ({ page, app, drawing }) => {
  test.setTimeout(600_000);
  await app.open('teach');
  await app.modelReady('default');
  await expect(page.getByTestId('tune-start')).toBeDisabled();
  await expect(page.getByTestId('tune-disabled-reason')).toContainText('Save a few samples first');

  // Six drawings of a "1" with a flag and a base, each labelled with the key 1.
  const prediction = page.locator('.teach-mini-answer');
  for (let i = 0; i < 6; i++) {
    await drawing.strokes(jitter(FLAG_ONE, 100 + i));
    await expect(prediction).toHaveAttribute('data-pending', 'false');
    await page.keyboard.press('1');
    await expect(count(page)).toHaveAttribute('data-count', String(i + 1));
  }
  await expect(thumbs(page)).toHaveCount(6);

  await page.getByTestId('tune-mnist-limit').selectOption('1000');
  await expect(page.getByTestId('tune-start')).toBeEnabled();
  await page.getByTestId('tune-start').click();
  const status = page.getByTestId('tune-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 480_000 });
  await expect(page.getByTestId('tune-chart')).toBeVisible();
  // Both scores measured before and after: an unmeasured score renders '' (which Number() would read as 0).
  const score = async (id: string, when: 'before' | 'after') => {
    const el = page.getByTestId(id);
    await expect(el).toHaveAttribute(`data-${when}`, /^(0|1)(\.\d+)?$/);
    return Number(await el.getAttribute(`data-${when}`));
  };
  expect(await score('score-own', 'after')).toBeGreaterThanOrEqual(await score('score-own', 'before'));
  expect(await score('score-mnist', 'before')).toBeGreaterThan(0.9);
  expect((await score('score-mnist', 'before')) - (await score('score-mnist', 'after'))).toBeLessThan(0.02);
  // Other hands' drawings, measured before and after too: teaching one odd 1 costs them little.
  expect(await score('teach-stroke-accuracy', 'before')).toBeGreaterThan(0.8);
  expect((await score('teach-stroke-accuracy', 'before')) - (await score('teach-stroke-accuracy', 'after'))).toBeLessThan(0.05);
  await expect(page.getByTestId('teach-stroke-accuracy')).toContainText('1,000 held-out strokes');
  await app.modelReady('tuned-default');

  // A new drawing in that style is read as a 1 by the fine-tuned model …
  await app.open('draw');
  const answer = drawing.prediction;
  for (const seed of [900, 901]) {
    if (seed !== 900) await page.getByTestId('clear').click();
    await drawing.strokes(jitter(FLAG_ONE, seed));
    await expect(answer).toHaveAttribute('data-pending', 'false');
    await expect(answer).toHaveAttribute('data-digit', '1');
  }
  // … and an ordinary digit still as itself.
  for (const d of [7, 3]) {
    await page.getByTestId('clear').click();
    await drawing.digit(d);
    await expect(answer).toHaveAttribute('data-pending', 'false');
    await expect(answer).toHaveAttribute('data-digit', String(d));
  }

  // Side by side on the drawing now on the canvas, then back to the original at any time.
  await app.open('teach');
  await expect(page.getByTestId('compare-tuned')).toHaveAttribute('data-digit', '3');
  await expect(page.getByTestId('compare-original')).toHaveAttribute('data-digit', /^\d$/);
  await page.getByTestId('teach-reset').click();
  await app.modelReady('default');
});

test('learn this one now: a quick step right after a correction', async ({ page, app, drawing }) => {
  await app.open('draw');
  await app.modelReady('default');
  await drawing.strokes(jitter(FLAG_ONE, 7));
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-pending', 'false');
  await page.getByTestId('label-digit-1').click();
  await page.getByTestId('learn-now').click();
  const learned = page.getByTestId('learn-status');
  await expect(learned).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await app.modelReady('tuned-default');
  // The ordinary digits the fixtures draw are still read.
  await drawing.digit(7);
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-pending', 'false');
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '7');
});
