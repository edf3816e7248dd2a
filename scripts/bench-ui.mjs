#!/usr/bin/env node
/**
 * How the page feels, measured in one headless Chromium run (llvmpipe flags)
 * against the built site, each figure beside a baseline from the same run:
 *   - ms per pointer move while drawing, Digit Lab vs a plain one-canvas page
 *     drawing the same strokes (and hovering, which changes nothing, on both);
 *   - navigation → model ready (`model-status` data-ready), cold and warm cache;
 *   - pointer-up → answer shown, p50/p95 over N drawings;
 *   - feature maps, stroke end → painted, p95 (the view's own data-latency-p95);
 *   - while the default CNN trains: the longest frame gap on the Draw tab and
 *     training samples/s with the pointer up and with it down (drawing).
 * Prints JSON and appends a table to BENCHMARKS.md. `--trace DIR` also saves a
 * Chromium trace of drawing one digit on each page and prints where the time went.
 *
 *   npm run bench:ui -- [--port 4320] [--drawings 50] [--first-answers 5] [--train-seconds 20] [--skip train,maps] [--trace DIR] [--no-write]
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { summarizeTrace } from './lib/trace-summary.mjs';
import { ORDER, drawQuick, drawTimed, installAnswerProbe, installFrameProbe, mean, pct, plainPage, r1 } from './lib/ui-pages.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '4320' },
    drawings: { type: 'string', default: '50' },
    'move-digits': { type: 'string', default: '6' },
    'first-answers': { type: 'string', default: '5' },
    'maps-drawings': { type: 'string', default: '20' },
    'train-seconds': { type: 'string', default: '20' },
    skip: { type: 'string', default: '' },
    trace: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
  },
});
const skip = new Set(args.skip.split(',').filter(Boolean));
const LINE_WIDTH_RATIO = 1 / 14; // src/shared/preprocess.ts
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'viz', 'benchmark', 'v8.execute'];

const port = Number(args.port);
const outDir = resolve(root, `.cache/bench-ui-dist-${port}`);
if (!args['skip-build']) await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } });
const url = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const viewport = { width: 1280, height: 860 };
const result = { date: new Date().toISOString() };
const log = (...a) => console.error('[bench:ui]', ...a);

const isReady = () => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-ready') === 'true';
async function openApp(context, hash = '#draw') {
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="model-status"]');
      if (el?.getAttribute('data-ready') === 'true' && !window.__readyAt) window.__readyAt = performance.now();
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
  await page.goto(url + hash);
  await page.waitForFunction(() => window.__readyAt, null, { timeout: 120_000 });
  return { page, readyMs: await page.evaluate(() => window.__readyAt) };
}
const pending = (page) => page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.getAttribute('data-pending') === 'false', null, { timeout: 60_000 });
const clearApp = async (page) => {
  if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
};

// Navigation → ready: a fresh profile (cold), then a second tab in it (warm: HTTP and service-worker caches).
const context = await browser.newContext({ viewport });
const cold = await openApp(context);
// The first answers right after ready (cold page): pointer-up → answer of each stroke of the first N digits.
if (Number(args['first-answers']) > 0) {
  await cold.page.evaluate(installAnswerProbe);
  const firstBox = await cold.page.getByTestId('draw-canvas').boundingBox();
  for (let i = 0; i < Number(args['first-answers']); i++) {
    await clearApp(cold.page);
    await drawQuick(cold.page, firstBox, ORDER[i % ORDER.length], { afterStroke: () => pending(cold.page) });
  }
  const lat = await cold.page.evaluate(() => window.__lat);
  result.firstAnswers = { digits: Number(args['first-answers']), strokes: lat.length, p50: Math.round(pct(lat, 50)), p95: Math.round(pct(lat, 95)), max: Math.round(Math.max(...lat)), all: lat.map(Math.round) };
  log('first answers after ready', result.firstAnswers);
  await clearApp(cold.page);
}
const warm = await openApp(context);
await warm.page.close();
const app = cold.page;
result.gpu = await app.evaluate(() => {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'no WebGL';
});
result.readyMs = { cold: Math.round(cold.readyMs), warm: Math.round(warm.readyMs) };
log('ready', result.readyMs);

const box = await app.getByTestId('draw-canvas').boundingBox();
// Pointer moves: the app and the plain page, alternating digit by digit so load swings hit both alike.
const plain = await context.newPage();
await plain.setContent(plainPage(box, LINE_WIDTH_RATIO));
const moves = { app: { down: [], hover: [] }, plain: { down: [], hover: [] } };
const moveDigits = skip.has('moves') ? 0 : Number(args['move-digits']);
for (let i = 0; i < moveDigits; i++) {
  const digit = ORDER[i % ORDER.length];
  await app.bringToFront();
  await clearApp(app);
  const a = await drawTimed(app, box, digit);
  await pending(app);
  await plain.bringToFront();
  await plain.evaluate(() => window.clearDrawing());
  const p = await drawTimed(plain, box, digit);
  for (const [k, v] of [['app', a], ['plain', p]]) {
    moves[k].down.push(...v.down);
    moves[k].hover.push(...v.hover);
  }
  log(`digit ${i + 1}/${moveDigits}: ${a.down.length} moves, mean ${r1(mean(a.down))} ms (app) / ${r1(mean(p.down))} ms (plain)`);
}
const moveStats = (xs) => ({ mean: r1(mean(xs)), p50: r1(pct(xs, 50)), p95: r1(pct(xs, 95)) });
result.pointerMove = {
  moves: moves.app.down.length,
  app: moveStats(moves.app.down),
  plain: moveStats(moves.plain.down),
  hoverApp: moveStats(moves.app.hover),
  hoverPlain: moveStats(moves.plain.hover),
};
result.pointerMove.ratio = moveDigits ? r1(result.pointerMove.app.mean / result.pointerMove.plain.mean) : null;
log('moves', result.pointerMove);

if (args.trace) {
  mkdirSync(args.trace, { recursive: true });
  result.trace = {};
  for (const [name, page] of [['app', app], ['plain', plain]]) {
    await page.bringToFront();
    if (name === 'app') await clearApp(app);
    else await plain.evaluate(() => window.clearDrawing());
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const t = performance.now();
    const timed = await drawTimed(page, box, 2);
    if (name === 'app') await pending(app);
    const ms = performance.now() - t;
    const trace = await browser.stopTracing();
    writeFileSync(resolve(args.trace, `draw-${name}.json`), trace);
    result.trace[name] = { drawMs: Math.round(ms), moves: timed.down.length, ...summarizeTrace(trace) };
  }
  writeFileSync(resolve(args.trace, 'summary.json'), JSON.stringify(result.trace, null, 2));
  log('trace summaries in', resolve(args.trace, 'summary.json'));
}
await plain.close();

// Pointer-up → answer over N drawings.
await app.bringToFront();
await app.evaluate(installAnswerProbe);
const n = skip.has('answers') ? 0 : Number(args.drawings);
for (let i = 0; i < n; i++) {
  await clearApp(app);
  await drawQuick(app, box, ORDER[i % ORDER.length], { afterStroke: () => pending(app) });
}
const lat = await app.evaluate(() => window.__lat);
result.pointerUpToAnswer = { drawings: n, strokes: lat.length, p50: Math.round(pct(lat, 50) ?? NaN), p95: Math.round(pct(lat, 95) ?? NaN), max: Math.round(Math.max(...lat)) };
log('answers', result.pointerUpToAnswer);

// Feature maps: the Inspect tab's own measure, stroke end → every layer painted.
if (!skip.has('maps')) {
  await app.getByTestId('tab-inspect').click();
  await app.getByTestId('inspect-tab-maps').click();
  const maps = app.getByTestId('inspect-feature-maps');
  const count = async () => Number((await maps.getAttribute('data-latency-count')) || 0);
  for (let i = 0; i < Number(args['maps-drawings']); i++) {
    const before = await count();
    const clear = app.getByRole('button', { name: 'Clear the drawing' });
    if (await clear.isEnabled()) await clear.click();
    await drawTimed(app, await app.getByTestId('draw-canvas').boundingBox(), ORDER[i % ORDER.length], 12);
    // The first answer after opening the view is not counted (it may include loading the model).
    await app.waitForFunction((b) => Number(document.querySelector('[data-testid="inspect-feature-maps"]')?.getAttribute('data-latency-count') || 0) > b || b === 0, before, { timeout: 60_000 }).catch(() => undefined);
    await app.waitForTimeout(100);
  }
  result.featureMaps = { p95: Math.round(Number(await maps.getAttribute('data-latency-p95'))), count: await count() };
  log('feature maps', result.featureMaps);
}

// While the default CNN trains: frame gaps on Draw, samples/s with the pointer up, then drawing.
if (!skip.has('train')) {
  const seconds = Number(args['train-seconds']);
  await app.getByTestId('tab-train').click();
  await app.getByRole('radio', { name: /Digit Lab CNN/ }).check();
  await app.getByTestId('train-start').click();
  const stats = () => app.evaluate(() => {
    const s = window.__digitLab.store.getState();
    const run = s.trainRun;
    return { state: run.state, batches: s.trainStats?.batches ?? 0, batchSize: run.state === 'idle' ? 0 : (run.config?.batchSize ?? 0), t: performance.now() };
  });
  await app.waitForFunction(() => (window.__digitLab.store.getState().trainStats?.batches ?? 0) >= 2, null, { timeout: 300_000 });
  // The switch itself: frames in the 3 s after the click (the new tab's tiles are rastered beside training's batches).
  await app.evaluate(installFrameProbe);
  await app.getByTestId('tab-draw').click();
  await app.waitForFunction(isReady);
  await app.waitForTimeout(3000);
  const switchGap = Math.round(Math.max(0, ...(await app.evaluate(() => window.__gaps.slice()))));
  const phase = async (drawing) => {
    await app.evaluate(() => (window.__gaps.length = 0));
    const a = await stats();
    const until = Date.now() + seconds * 1000;
    let digits = 0;
    if (drawing) {
      while (Date.now() < until) {
        await clearApp(app);
        await drawTimed(app, box, ORDER[digits++ % ORDER.length], 4);
      }
    } else {
      await app.waitForTimeout(seconds * 1000);
    }
    const b = await stats();
    const gaps = await app.evaluate(() => window.__gaps.slice());
    return { digits, samplesPerSec: r1(((b.batches - a.batches) * b.batchSize * 1000) / (b.t - a.t)), batches: b.batches - a.batches, longestFrameGap: Math.round(Math.max(0, ...gaps)), frameGapP99: Math.round(pct(gaps, 99) ?? 0) };
  };
  const idle = await phase(false);
  const drawing = await phase(true);
  result.training = { seconds, switchGap, pointerUp: idle, drawing, longestFrameGap: Math.max(idle.longestFrameGap, drawing.longestFrameGap) };
  log('training', result.training);
  await app.getByTestId('tab-train').click();
  await app.getByTestId('train-stop').click();
}

console.log(JSON.stringify(result, null, 2));
if (!args['no-write']) appendFileSync(resolve(root, 'BENCHMARKS.md'), table(result));
await browser.close();
await server.close();

function table(r) {
  const m = r.pointerMove;
  const rows = [
    ['ms per pointer move while drawing: Digit Lab / plain canvas (mean)', `${m.app.mean} / ${m.plain.mean} = **${m.ratio}×** (${m.moves} moves each; p95 ${m.app.p95} / ${m.plain.p95})`],
    ['ms per hover move (no ink): Digit Lab / plain canvas', `${m.hoverApp.mean} / ${m.hoverPlain.mean}`],
    ['navigation → ready, cold / warm cache', `${r.readyMs.cold} / ${r.readyMs.warm} ms`],
    [`pointer-up → answer, p50 / p95 (${r.pointerUpToAnswer.strokes} strokes, ${r.pointerUpToAnswer.drawings} drawings)`, `${r.pointerUpToAnswer.p50} / ${r.pointerUpToAnswer.p95} ms`],
  ];
  if (r.firstAnswers) rows.splice(3, 0, [`the first answers after ready, pointer-up → answer p50 / p95 / max (${r.firstAnswers.strokes} strokes)`, `${r.firstAnswers.p50} / ${r.firstAnswers.p95} / ${r.firstAnswers.max} ms`]);
  if (r.featureMaps) rows.push([`feature maps, stroke end → painted, p95 (${r.featureMaps.count} strokes)`, `${r.featureMaps.p95} ms`]);
  if (r.training) {
    const t = r.training;
    rows.push(['longest frame gap on Draw while the default CNN trains (pointer up / drawing)', `${t.pointerUp.longestFrameGap} / ${t.drawing.longestFrameGap} ms`]);
    rows.push(['longest frame gap in the 3 s after switching from Train to Draw while it trains', `${t.switchGap} ms`]);
    rows.push([`training samples/s, pointer up / drawing (${t.seconds} s each)`, `${t.pointerUp.samplesPerSec} / ${t.drawing.samplesPerSec}`]);
  }
  return `\n## UI feel, ${r.date.slice(0, 16).replace('T', ' ')} UTC · ${r.gpu}\n\n| measure | value |\n| --- | ---: |\n${rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n')}\n\nMeasured by \`npm run bench:ui\` (\`scripts/bench-ui.mjs\`) on the built site.\n`;
}
