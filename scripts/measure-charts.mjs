#!/usr/bin/env node
/**
 * Main-thread cost of the Train tab's learning-curve charts, by CPU time per
 * task from a Chromium trace (wall time on this shared machine mostly
 * measures waiting for a core). Builds the site, opens the Train tab, then
 * feeds the store synthetic curves: the first points of a run, then 20
 * updates 300 ms apart, as the training controller's throttle would.
 *
 *   node scripts/measure-charts.mjs [--skip-build]
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } });
const outDir = resolve(root, '.cache/charts-dist');
if (!a['skip-build']) await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 4331, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });

/** Main-thread tasks over 8 ms of CPU: [cpu ms, start ms from the first task]. */
function bigTasks(buffer) {
  const parsed = JSON.parse(buffer.toString());
  const ev = parsed.traceEvents ?? parsed;
  const main = new Set(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = ev.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`)).sort((x, y) => x.ts - y.ts);
  return tasks.map((t) => [Math.round((t.tdur ?? 0) / 1000), Math.round((t.ts - tasks[0].ts) / 1000)]).filter(([c]) => c > 8);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto('http://127.0.0.1:4331/#draw');
  await page.waitForSelector('[data-testid="model-status"][data-ready="true"]', { timeout: 180_000 });
  const report = {};
  // Opening the tab mounts the charts (the first time in a page, with code still cold).
  for (const [label, hash] of [['open Train (first time)', '#train'], ['back to Draw', '#draw'], ['open Train again', '#train']]) {
    await browser.startTracing(page, { categories: ['toplevel'] });
    await page.waitForTimeout(300);
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForTimeout(2500);
    report[label] = bigTasks(await browser.stopTracing()).map(([c]) => c);
  }
  // A run's curves: the first points, then updates.
  for (const rep of [1, 2]) {
    await browser.startTracing(page, { categories: ['toplevel'] });
    await page.evaluate(async () => {
      const st = window.__digitLab.store;
      const pts = (n) => Array.from({ length: n }, (_, i) => ({ x: (i + 1) * 4, loss: 2 * Math.exp(-i / 80) + 0.1 * Math.random(), acc: 1 - Math.exp(-i / 60) * 0.9, lossEma: 2 * Math.exp(-i / 80), accEma: 1 - Math.exp(-i / 60) * 0.9 }));
      st.getState().runProgress({ trainCurve: [], trainVal: [] });
      await new Promise((r) => setTimeout(r, 500));
      st.getState().runProgress({ trainCurve: pts(300), trainVal: [{ x: 430, epoch: 1, loss: 0.3, acc: 0.9 }] });
      await new Promise((r) => setTimeout(r, 800));
      for (let u = 0; u < 20; u++) {
        st.getState().runProgress({ trainCurve: pts(300 + u * 5) });
        await new Promise((r) => setTimeout(r, 300));
      }
    });
    const cpu = bigTasks(await browser.stopTracing()).map(([c]) => c);
    report[`run curves, pass ${rep}: tasks over 8 ms (CPU ms)`] = cpu;
    report[`run curves, pass ${rep}: longest, over 50 ms`] = [Math.max(0, ...cpu), cpu.filter((c) => c > 50).length];
  }
  console.log(JSON.stringify(report, null, 1));
} finally {
  await browser.close();
  await server.close();
}
