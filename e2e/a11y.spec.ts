/**
 * Accessibility audit with axe-core over every section and its sub-views
 * (WCAG 2.1 A/AA rules and axe's best practices): no serious or critical
 * violation anywhere. Each view's full list (any impact) is printed, so the
 * report can quote it.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { contrastProblems } from './helpers/contrast';

// axe over a whole section takes a while on a busy two-core machine.
test.describe.configure({ timeout: 300_000 });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Runs axe on the page as it is now; soft-fails on serious or critical violations so every view is audited. */
async function audit(page: Page, view: string): Promise<void> {
  // Let entrance transitions settle: axe measures colours as painted.
  await page.waitForTimeout(400);
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const all = r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  if (process.env.AXE_DEBUG) {
    const cc = r.incomplete.find((v) => v.id === 'color-contrast');
    const why = new Map<string, number>();
    for (const n of cc?.nodes ?? []) for (const c of n.any) why.set(c.message.replace(/#[0-9a-f]{6}/gi, '#').slice(0, 90), (why.get(c.message.replace(/#[0-9a-f]{6}/gi, '#').slice(0, 90)) ?? 0) + 1);
    console.log([...why].map(([m, k]) => `  ${k}× ${m}`).join('\n'));
  }
  const review = r.incomplete.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  console.log(`[axe] ${view}: ${all.length ? all.join(', ') : 'none'}${review.length ? ` · needs review: ${review.join(', ')}` : ''}`);
  const bad = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(bad, `serious or critical axe violations on ${view}`).toEqual([]);
  // Text over gradients, which axe leaves for review: measured here against every gradient stop.
  const low = await contrastProblems(page);
  if (low.length) console.log(`[contrast] ${view}: ${low.map((p) => `“${p.text}” ${p.ratio}:1 < ${p.required} (${p.fg} on ${p.bg}, ${p.where})`).join('; ')}`);
  expect.soft(low.map((p) => `“${p.text}” ${p.ratio}:1 (${p.where})`), `text below AA contrast on ${view}`).toEqual([]);
}

const prediction = (page: Page) => page.getByTestId('prediction');

test('Draw: empty, and with a digit read', async ({ page, app, drawing }) => {
  await app.open('draw');
  await app.modelReady();
  await audit(page, 'draw (empty)');
  await drawing.digit(4);
  await expect(prediction(page)).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
  await audit(page, 'draw (a digit read)');
});

test('Train: the setup, and a short run stopped with its curves and results', async ({ page, app }) => {
  await app.open('train');
  await audit(page, 'train (setup)');
  await page.getByRole('radio', { name: /Single-layer/ }).check();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect.poll(async () => Number(await status.getAttribute('data-batches')), { timeout: 180_000 }).toBeGreaterThanOrEqual(30);
  await audit(page, 'train (running)');
  await page.getByTestId('train-stop').click();
  await expect(status).toHaveAttribute('data-state', /done|idle/, { timeout: 180_000 });
  await expect(page.getByTestId('train-results')).toBeVisible({ timeout: 180_000 });
  await audit(page, 'train (results)');
  // Compare runs: the run just made, overlaid.
  const option = page.getByTestId('compare-run-option').first();
  if (await option.count()) {
    await option.locator('input').check();
    await expect(page.getByTestId('compare-chart-loss')).toBeVisible();
    await audit(page, 'train (compare runs)');
  }
});

test('Teach: with a saved sample, and its variants dialog', async ({ page, app, drawing }) => {
  await app.open('draw');
  await app.modelReady();
  await drawing.digit(3);
  await expect(prediction(page)).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
  await page.getByTestId('label-digit-3').click();
  await expect(page.getByTestId('samples-count')).toHaveAttribute('data-count', '1');
  await audit(page, 'draw (sample saved)');
  await app.open('teach');
  await expect(page.getByTestId('sample-thumb')).toHaveCount(1);
  await audit(page, 'teach (one sample)');
  // The thumbnail's tools show on hover or focus.
  await page.getByTestId('sample-thumb').first().hover();
  await page.getByTestId('sample-variants').click();
  await expect(page.getByTestId('variants-grid')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'teach (variants dialog)');
});

test('Look inside: every view with a drawing', async ({ page, app, drawing }) => {
  await app.open('draw');
  await app.modelReady();
  await drawing.digit(7);
  await expect(prediction(page)).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
  await app.open('inspect');
  const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
  await expect(tabs.first()).toBeVisible({ timeout: 60_000 });
  const ids = await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  for (const id of ids) {
    await page.getByTestId(id).click();
    await expect(page.getByTestId(id)).toHaveAttribute('aria-selected', 'true');
    // Each view shows its content (or a message) once the lab worker answers.
    await page.waitForTimeout(3000);
    await audit(page, `inspect (${id.replace('inspect-tab-', '')})`);
  }
});

test('Library: the list, a row menu, rename, and the presentation view', async ({ page, app }) => {
  await app.open('library');
  await app.modelReady();
  await expect(page.getByTestId('library')).toHaveAttribute('data-count', /\d+/, { timeout: 60_000 });
  await audit(page, 'library');
  await page.getByTestId('library-menu').first().click();
  await audit(page, 'library (row menu open)');
  await page.keyboard.press('Escape');
  await page.getByTestId('present-open').click();
  await expect(page.getByTestId('present')).toBeVisible();
  await page.waitForTimeout(1500);
  await audit(page, 'present');
  await page.keyboard.press('Escape');
});

test('keyboard only: Tab to Sample, press Enter, and the answer is announced by a live region', async ({ page, app }) => {
  await app.open('draw');
  await app.modelReady();
  // From the top of the page, Tab until the Sample button has focus.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'draw-sample');
  }
  expect(reached, 'the Sample button is reachable with Tab').toBe(true);
  await page.keyboard.press('Enter');
  const announce = page.getByTestId('prediction-announce');
  await expect(announce).toHaveAttribute('aria-live', 'polite');
  await expect(announce).toHaveText(/^Sample (\d) loaded\. The network reads \1, \d+% confident\.$/, { timeout: 60_000 });
  const first = await page.getByTestId('draw-sample').getAttribute('data-sample');
  expect(await page.getByTestId('prediction').getAttribute('data-digit')).toBe(first);
  // Pressing again loads the next digit of the cycle.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('draw-sample')).not.toHaveAttribute('data-sample', first!);
  await expect(announce).toHaveText(/^Sample (\d) loaded\. The network reads \1/, { timeout: 60_000 });
});

/** Tabs through the page and returns the controls that never got focus (radio groups count once). */
async function unreachable(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const sel = 'button:not([disabled]), a[href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    let n = 0;
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      // checkVisibility also leaves out the content of a closed <details>, which Tab rightly skips.
      const visible = el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && !el.closest('[inert], [aria-hidden="true"], dialog:not([open])');
      if (visible) el.dataset.kb = String(n++);
    }
  });
  const total = await page.locator('[data-kb]').count();
  const seen = new Set<string>();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < total * 2 + 10; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      // A radio group or a tab list is one stop: arrow keys move within it (roving tabindex).
      if (el instanceof HTMLInputElement && el.type === 'radio') for (const r of document.querySelectorAll<HTMLElement>(`input[type=radio][name="${el.name}"]`)) r.dataset.kbSeen = '1';
      const group = el.getAttribute('role') === 'tab' ? el.closest('[role=tablist]') : el.getAttribute('role') === 'radio' ? el.closest('[role=radiogroup]') : null;
      for (const r of group?.querySelectorAll<HTMLElement>('[role=tab], [role=radio]') ?? []) r.dataset.kbSeen = '1';
      el.dataset.kbSeen = '1';
      return el.dataset.kb ?? null;
    });
    if (id) seen.add(id);
    if (i % 10 === 9 && (await page.locator('[data-kb]:not([data-kb-seen])').count()) === 0) break;
  }
  return page.locator('[data-kb]:not([data-kb-seen])').evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''} “${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}”`));
}

test('every control of every section is reachable with Tab', async ({ page, app }) => {
  for (const section of ['draw', 'train', 'teach', 'inspect', 'library'] as const) {
    await app.open(section);
    await app.modelReady();
    await page.waitForTimeout(1500);
    expect.soft(await unreachable(page), `controls on ${section} that Tab never reaches`).toEqual([]);
  }
});
