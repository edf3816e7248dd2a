#!/usr/bin/env node
/**
 * The Teach report: fine-tuning on one distinctive handwriting style, measured.
 * Draws digits in the seven-segment style (straight strokes, like a digital
 * clock) from stroke templates with seeded jitter, fine-tunes the shipped
 * model on them with the app's own worker in headless Chromium, and prints
 * accuracy on held-out drawings of that style and on the MNIST test set,
 * before and after, plus the fine-tuning wall time and a "learn this one now"
 * step's time.
 *
 *   node scripts/teach-report.mjs                       # 6 per digit to train (60), 4 per digit held out (40)
 *   node scripts/teach-report.mjs --per-digit 8 --ablation
 *   node scripts/teach-report.mjs --model-dir path/to/model   # another model as "default"
 *
 * Needs public/models/default (npm run pretrain) and public/data/mnist (npm run prepare-data).
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { cpSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { FLAG_ONE, SEVEN_SEGMENT, styleSet } from '../e2e/fixtures/handwriting.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    'per-digit': { type: 'string', default: '6' },
    'held-out-per-digit': { type: 'string', default: '4' },
    steps: { type: 'string' },
    replay: { type: 'string', default: '0.5' },
    lr: { type: 'string', default: '0.0003' },
    'mnist-limit': { type: 'string' },
    'no-guard': { type: 'boolean', default: false },
    'model-dir': { type: 'string' },
    ablation: { type: 'boolean', default: false },
    /** JSON list of [label, config] pairs to run instead (exploring recipes). */
    configs: { type: 'string' },
    /** JSON list of [label, config] pairs for "learn this one now" (default: the app's quick config). */
    quick: { type: 'string' },
    port: { type: 'string', default: '4393' },
    /** seven-segment (all ten digits) or flag-one (a "1" with a flag and a base: one digit only, the lopsided case). */
    style: { type: 'string', default: 'seven-segment' },
  },
});

const modelDir = resolve(root, args['model-dir'] ?? 'public/models/default');
if (!existsSync(resolve(modelDir, 'model.json'))) {
  console.error(`No model at ${modelDir}. Run \`npm run pretrain\` first (or pass --model-dir).`);
  process.exit(1);
}

// Its own build folder and port, so it can run beside pretrain.
const outDir = resolve(root, '.cache/teach-report-dist');
await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, rollupOptions: { input: { harness: resolve(root, 'harness.html') } }, sourcemap: false } });
cpSync(modelDir, resolve(outDir, 'models/default'), { recursive: true });
const port = Number(args.port);
const server = await preview({ root, logLevel: 'error', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

const perDigit = Number(args['per-digit']);
const style = args.style === 'flag-one' ? { 1: FLAG_ONE } : SEVEN_SEGMENT;
const train = styleSet(style, perDigit, 1000);
const heldOut = styleSet(style, Number(args['held-out-per-digit']), 50000);
const mnistTestLimit = args['mnist-limit'] ? Number(args['mnist-limit']) : undefined;
const pct = (v) => `${(v * 100).toFixed(2)}%`;

try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto(`http://127.0.0.1:${port}/harness.html`);
  await page.waitForFunction(() => !!window.harness);
  const init = await page.evaluate(async () => {
    window.lab = window.harness.spawn('lab');
    return window.lab.call('init', { role: 'lab', baseUrl: window.harness.baseUrl });
  });
  console.log(`backend: ${init.backend}${init.notice ? ` (${init.notice})` : ''}`);
  console.log(`style: ${args.style} from stroke templates with jitter; ${train.length} drawings to train on, ${heldOut.length} held out (different jitter seeds)`);

  const run = (config, label) =>
    page.evaluate(
      async ({ train, heldOut, config, mnistTestLimit, saveAs, noGuard }) =>
        window.lab.call('fineTune', { baseId: 'default', train, heldOut, config, mnistTestLimit, saveAs, ...(noGuard ? { guard: null } : {}) }),
      { train, heldOut, config, mnistTestLimit, saveAs: `tuned-report-${label}`, noGuard: args['no-guard'] },
    );

  const base = { replayRatio: Number(args.replay), learningRate: Number(args.lr), ...(args.steps ? { steps: Number(args.steps) } : {}) };
  const configs = args.configs
    ? JSON.parse(args.configs).map(([label, c]) => [label, { ...base, ...c }])
    : args.ablation
    ? [
        ['default', base],
        ['no-replay', { ...base, replayRatio: 0 }],
        ['bn-train', { ...base, batchNorm: 'train' }],
        ['head-only', { ...base, layers: 'head' }],
      ]
    : [['default', base]];

  const rows = [];
  for (const [label, config] of configs) {
    const r = await run(config, label);
    rows.push([label, r]);
    console.log(`\n[${label}] ${JSON.stringify(r.config)}`);
    console.log(`  held-out drawings of the style (${r.before.own.count}): ${pct(r.before.own.accuracy)} → ${pct(r.after.own.accuracy)}`);
    console.log(`  MNIST test (${r.before.mnist.count}):                  ${pct(r.before.mnist.accuracy)} → ${pct(r.after.mnist.accuracy)}  (${((r.after.mnist.accuracy - r.before.mnist.accuracy) * 100).toFixed(2)} pts)`);
    if (r.guard) console.log(`  forgetting guard: MNIST validation (${r.guard.count}) ${pct(r.guard.before)} → ${pct(r.guard.after)}, ${r.guard.checks} checks, ${r.guard.rollbacks} rollbacks`);
    console.log(`  fine-tune: ${r.steps} steps on ${r.variants} variants of ${r.trainSamples} drawings; training ${r.trainSeconds.toFixed(1)} s, whole request ${r.wallTimeSec.toFixed(1)} s`);
  }

  // "Learn this one now": a few quick steps on one drawing, as right after a correction, each from the shipped model.
  const quickConfigs = args.quick ? JSON.parse(args.quick) : [['app default', {}]];
  for (const [label, config] of quickConfigs) {
    const runs = [];
    for (let i = 0; i < 4; i++) {
      const sample = heldOut[(i * 7) % heldOut.length];
      runs.push(
        await page.evaluate(
          async ({ sample, config }) => {
            const r = await window.lab.call('learnNow', { modelId: 'default', sample, config });
            const top = (p) => p.indexOf(Math.max(...p));
            return { trainMs: r.trainMs, totalMs: r.totalMs, steps: r.steps, before: top(Array.from(r.before)), after: top(Array.from(r.after)), label: sample.label };
          },
          { sample, config },
        ),
      );
    }
    // The first request also loads MNIST replay images and compiles shaders.
    const warm = runs.slice(1);
    console.log(`\nlearn this one now [${label}] (${runs[0].steps} steps from the shipped model; first request ${Math.round(runs[0].totalMs)} ms): warm requests: training ${warm.map((q) => Math.round(q.trainMs)).join(' / ')} ms, whole request ${warm.map((q) => Math.round(q.totalMs)).join(' / ')} ms; read right before ${runs.filter((q) => q.before === q.label).length}/4, after ${runs.filter((q) => q.after === q.label).length}/4`);
  }

  if (rows.length > 1) {
    console.log('\n| variant | held-out style before | after | MNIST before | after | Δ MNIST | train s |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [label, r] of rows) {
      console.log(`| ${label} | ${pct(r.before.own.accuracy)} | ${pct(r.after.own.accuracy)} | ${pct(r.before.mnist.accuracy)} | ${pct(r.after.mnist.accuracy)} | ${((r.after.mnist.accuracy - r.before.mnist.accuracy) * 100).toFixed(2)} | ${r.trainSeconds.toFixed(1)} |`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
