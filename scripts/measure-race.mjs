#!/usr/bin/env node
/**
 * The race's cost: images/s of the MLP and of the single-layer net trained
 * alone, one after the other, against the same two raced (in turns, one lab
 * worker), all in one headless Chromium session on the built site.
 *   node scripts/measure-race.mjs [--port 4321] [--batches 80] [--rounds 2] [--skip-build]
 * Each measurement starts after 10 warm-up batches and spans `--batches` more;
 * rounds alternate solo, solo, race so a shared machine's drifting load hits all three.
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: { port: { type: 'string', default: '4321' }, batches: { type: 'string', default: '80' }, rounds: { type: 'string', default: '2' }, 'skip-build': { type: 'boolean', default: false } } });
const N = Number(a.batches);
const WARM = 10;
const BATCH = 32;
if (!a['skip-build']) await build({ root, logLevel: 'warn' });
const server = await preview({ root, logLevel: 'warn', preview: { port: Number(a.port), strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const num = (page, attr) => page.getByTestId('train-status').getAttribute(attr).then(Number);
async function until(page, f, timeout = 600_000) {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error('timed out');
    await page.waitForTimeout(100);
  }
}
/** Wall seconds for `N` batches after the warm-up, as counted by `count()`. */
async function timeBatches(page, count) {
  await until(page, async () => (await count()) >= WARM);
  const b0 = await count();
  const t0 = performance.now();
  await until(page, async () => (await count()) >= b0 + N);
  return { batches: (await count()) - b0, sec: (performance.now() - t0) / 1000 };
}
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`http://127.0.0.1:${a.port}/#train`);
  await page.waitForSelector('[data-testid="train-start"]:not([disabled])', { timeout: 120_000 });
  const rounds = [];
  for (let round = 0; round < Number(a.rounds); round++) {
    const solo = {};
    for (const [arch, label] of [['mlp', /Tutorial MLP/], ['linear', /Single-layer/]]) {
      await page.getByRole('radio', { name: label }).check();
      await page.getByTestId('train-batch-size').fill(String(BATCH));
      await page.getByTestId('train-start').click();
      const m = await timeBatches(page, () => num(page, 'data-batches'));
      solo[arch] = (m.batches * BATCH) / m.sec;
      await page.getByTestId('train-stop').click();
      await until(page, async () => (await page.getByTestId('train-status').getAttribute('data-state')) === 'done');
    }
    await page.getByTestId('race-arch-a').selectOption('mlp');
    await page.getByTestId('race-arch-b').selectOption('linear');
    await page.getByTestId('race-batch-size').fill(String(BATCH));
    await page.waitForSelector('[data-testid="race-start"]:not([disabled])');
    await page.getByTestId('race-start').click();
    await until(page, async () => (await page.getByTestId('train-status').getAttribute('data-race')) === 'true' && (await page.getByTestId('train-race').getAttribute('data-state')) === 'training');
    const r = await timeBatches(page, async () => Math.min(await num(page, 'data-batches-a'), await num(page, 'data-batches-b')));
    const raced = (r.batches * BATCH) / r.sec; // each side's images/s
    await page.getByTestId('race-stop').click();
    await until(page, async () => (await page.getByTestId('train-race').getAttribute('data-state')) === 'done');
    const sequential = N * BATCH * (1 / solo.mlp + 1 / solo.linear);
    const race = (N * BATCH) / raced;
    rounds.push(race / sequential);
    console.log(`round ${round + 1}: solo MLP ${solo.mlp.toFixed(0)} images/s, solo single-layer ${solo.linear.toFixed(0)} images/s; raced ${raced.toFixed(0)} images/s each side (${(2 * raced).toFixed(0)} together)`);
    console.log(`  ${N} batches of ${BATCH} per model: one after the other ${sequential.toFixed(1)} s, raced ${race.toFixed(1)} s (race/sequential = ${(race / sequential).toFixed(2)})`);
  }
  console.log(`race/sequential time per round: ${rounds.map((x) => x.toFixed(2)).join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
