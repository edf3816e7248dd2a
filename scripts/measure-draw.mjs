#!/usr/bin/env node
/**
 * Measures the Draw page as a user meets it, in headless Chromium (llvmpipe
 * flags) against the built site:
 *   - gzipped JavaScript the page loads before the worker starts (and that no tfjs is in it),
 *   - time from navigation to model-status data-ready="true" (cold and warm cache),
 *   - pointer-up to final prediction latency for every stroke of N mouse-drawn digits (p50, p95).
 * Prints JSON and appends a section to BENCHMARKS.md.
 *
 *   npm run bench:draw -- [--drawings 50] [--no-write]
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { gzipSync } from 'node:zlib';
import { appendFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { drawings: { type: 'string', default: '50' }, 'no-write': { type: 'boolean', default: false }, 'skip-build': { type: 'boolean', default: false } },
});

// Unit-square strokes for a few digits (same style as the e2e helpers).
const STROKES = {
  1: [[[0.4, 0.26], [0.53, 0.15], [0.53, 0.85]]],
  4: [[[0.6, 0.15], [0.28, 0.6], [0.75, 0.6]], [[0.6, 0.38], [0.6, 0.86]]],
  7: [[[0.28, 0.18], [0.72, 0.18], [0.45, 0.86]]],
  2: [[[0.3, 0.3], [0.4, 0.18], [0.55, 0.15], [0.68, 0.24], [0.68, 0.38], [0.3, 0.84], [0.72, 0.84]]],
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

if (!args['skip-build']) await build({ root, logLevel: 'warn' });
const server = await preview({ root, logLevel: 'warn', preview: { port: 4319, strictPort: true, host: '127.0.0.1' } });
const url = 'http://127.0.0.1:4319/';
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });

async function loadOnce(context) {
  const page = await context.newPage();
  const scripts = [];
  let workerSeen = false;
  page.on('worker', () => (workerSeen = true));
  page.on('response', async (r) => {
    if (!workerSeen && r.request().resourceType() === 'script' && r.url().endsWith('.js') && !r.request().frame()?.parentFrame()) {
      try {
        scripts.push({ url: r.url(), body: await r.body() });
      } catch {
        /* redirected or aborted */
      }
    }
  });
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="model-status"]');
      if (el?.getAttribute('data-ready') === 'true' && !window.__readyAt) window.__readyAt = performance.now();
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__readyAt, null, { timeout: 120_000 });
  const readyMs = await page.evaluate(() => window.__readyAt);
  return { page, readyMs, scripts };
}

const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const cold = await loadOnce(context);
const warm = await loadOnce(context);
await warm.page.close();
const page = cold.page;
const jsBefore = cold.scripts.map((s) => ({ file: new URL(s.url).pathname.split('/').pop(), bytes: s.body.length, gzip: gzipSync(s.body, { level: 9 }).length, hasTfjs: /tfjs-core|Conv2DBackpropFilter|WEBGL_VERSION/.test(s.body.toString('utf8')) }));

// Pointer-up → prediction for the current drawing shown (data-pending false).
await page.evaluate(() => {
  window.__lat = [];
  const canvas = document.querySelector('[data-testid="draw-canvas"]');
  const pred = document.querySelector('[data-testid="prediction"]');
  let upAt = null;
  canvas.addEventListener('pointerup', () => (upAt = performance.now()), true);
  new MutationObserver(() => {
    if (upAt !== null && pred.getAttribute('data-pending') === 'false') {
      window.__lat.push(performance.now() - upAt);
      upAt = null;
    }
  }).observe(pred, { attributes: true });
});
const box = await page.getByTestId('draw-canvas').boundingBox();
const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
const digits = Object.keys(STROKES);
const n = Number(args.drawings);
for (let i = 0; i < n; i++) {
  await page.getByTestId('clear').click().catch(() => undefined);
  const strokes = STROKES[digits[i % digits.length]];
  for (let s = 0; s < strokes.length; s++) {
    const [x0, y0] = at(strokes[s][0]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const p of strokes[s].slice(1)) await page.mouse.move(...at(p), { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]').getAttribute('data-pending') === 'false');
  }
}
const lat = await page.evaluate(() => window.__lat);
const result = {
  date: new Date().toISOString(),
  gpu: await page.evaluate(() => {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'no WebGL';
  }),
  readyMs: { cold: Math.round(cold.readyMs), warm: Math.round(warm.readyMs) },
  jsBeforeWorker: { files: jsBefore.map(({ file, gzip, hasTfjs }) => ({ file, gzip, hasTfjs })), gzipBytes: jsBefore.reduce((a, s) => a + s.gzip, 0), tfjsIncluded: jsBefore.some((s) => s.hasTfjs) },
  pointerUpToPrediction: { count: lat.length, p50: Math.round(pct(lat, 50)), p95: Math.round(pct(lat, 95)), max: Math.round(Math.max(...lat)) },
};
console.log(JSON.stringify(result, null, 2));
if (!args['no-write']) {
  const r = result;
  appendFileSync(
    resolve(root, 'BENCHMARKS.md'),
    `\n## Draw page, ${r.date.slice(0, 16).replace('T', ' ')} UTC · ${r.gpu}\n\n` +
      `| measure | value |\n| --- | ---: |\n` +
      `| navigation → model ready (cold cache) | ${r.readyMs.cold} ms |\n| navigation → model ready (warm cache) | ${r.readyMs.warm} ms |\n` +
      `| pointer-up → final prediction, p50 (${r.pointerUpToPrediction.count} strokes) | ${r.pointerUpToPrediction.p50} ms |\n| pointer-up → final prediction, p95 | ${r.pointerUpToPrediction.p95} ms |\n` +
      `| JavaScript before the worker starts (gzip) | ${(r.jsBeforeWorker.gzipBytes / 1024).toFixed(1)} KiB, tfjs ${r.jsBeforeWorker.tfjsIncluded ? 'INCLUDED' : 'not included'} |\n\n` +
      `Measured by \`npm run bench:draw\` (\`scripts/measure-draw.mjs\`) on the built site.\n`,
  );
}
await browser.close();
await server.close();
