#!/usr/bin/env node
/**
 * Training benchmark in one headless-Chromium run (llvmpipe flags), on the
 * default architecture and batch size:
 *   1. throughput: our loop vs the tfjs-examples mnist loop as published
 *      (model.fit over whole-dataset tensors, onBatchEnd reading logs and
 *      awaiting tf.nextFrame()), alternated over rounds, each in a fresh worker;
 *   2. with --tta: training time (evaluation excluded) each recipe needs to
 *      reach 98.5% MNIST test accuracy.
 * Prints JSON and appends a table to BENCHMARKS.md. Ratios, not bare times,
 * are the result: this machine's GPU is software.
 *
 *   npm run bench -- [--seconds 60] [--rounds 2] [--batch 128] [--tta] [--tta-minutes 60] [--pace-ab]
 */
import { chromium } from '@playwright/test';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { serveHarness } from './lib/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '2' },
    batch: { type: 'string', default: '128' },
    arch: { type: 'string', default: 'cnn' },
    warmup: { type: 'string', default: '5' },
    'train-limit': { type: 'string', default: '20000' },
    tta: { type: 'boolean', default: false },
    'tta-minutes': { type: 'string', default: '60' },
    'eval-every': { type: 'string', default: '100' },
    'no-write': { type: 'boolean', default: false },
    // Also time our loop with its GPU pacing switched off (what waiting for the GPU costs).
    'pace-ab': { type: 'boolean', default: false },
  },
});

const batch = Number(args.batch);
const common = { arch: args.arch, batchSize: batch, labelSmoothing: 0, seed: 1, trainLimit: Number(args['train-limit']), testLimit: 500 };
// Throughput compares loops, so both run the same work: no augmentation, no schedule.
const throughputOurs = { ...common, epochs: 1000, learningRate: 0.001, optimizer: 'rmsprop', augment: false, schedule: 'constant' };
const throughputOursAug = { ...throughputOurs, augment: true };
const throughputBase = { ...common, epochs: 1000, learningRate: 0.001, optimizer: 'rmsprop', augment: false, schedule: 'constant' };

const server = await serveHarness(4318);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage();
page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
await page.goto(server.url);
await page.waitForFunction(() => !!window.harness);
const gpu = await page.evaluate(() => {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl ? gl.getParameter(gl.RENDERER) : 'no WebGL';
});
console.error(`GPU: ${gpu}`);

/** One benchmark in a fresh worker. */
async function run(loop, config, extra = {}) {
  const label = `${loop}${config.augment ? '+aug' : ''}`;
  console.error(`running ${label} ...`);
  return page.evaluate(
    async ({ loop, config, extra }) => {
      const lab = window.harness.spawn('lab');
      try {
        const init = await lab.call('init', { role: 'lab', baseUrl: window.harness.baseUrl });
        if (init.backend !== 'webgl') throw new Error(`backend is ${init.backend}, not webgl`);
        return await lab.call('bench', { loop, config, warmupBatches: extra.warmup, seconds: extra.seconds, ...extra.more });
      } finally {
        lab.terminate();
      }
    },
    { loop, config, extra },
  );
}

const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const rounds = [];
try {
  for (let r = 0; r < Number(args.rounds); r++) {
    // Alternate the order so drift on a shared machine does not favour one loop.
    const loops = ['baseline', 'ours', 'ours+aug', ...(args['pace-ab'] ? ['ours-unpaced'] : [])];
    const order = r % 2 === 0 ? loops : [...loops].reverse();
    const round = {};
    for (const which of order) {
      const cfg = which === 'baseline' ? throughputBase : which === 'ours+aug' ? throughputOursAug : throughputOurs;
      const res = await run(which === 'baseline' ? 'baseline' : 'ours', cfg, { seconds, warmup, ...(which === 'ours-unpaced' ? { more: { gpuQueueMs: 1e12 } } : {}) });
      round[which] = res;
      if (res.optimizerCheck) {
        const c = res.optimizerCheck;
        console.error(`  fused optimizers vs tfjs's on ${c.backend}: largest weight difference Adam ${c.adam.toExponential(1)}, RMSprop ${c.rmsprop.toExponential(1)}`);
        if (!(c.adam < 1e-4 && c.rmsprop < 1e-4)) throw new Error(`the fused optimizers do not match tfjs's on ${c.backend}: ${JSON.stringify(c)}`);
      }
      if (res.stepCheck) {
        const c = res.stepCheck;
        console.error(`  a whole step's gradients, ours vs tfjs-layers' on ${c.backend} (batch ${c.batch}): largest relative difference ${c.worst.toExponential(1)}`);
        if (!(c.worst < 1e-3)) throw new Error(`our training step's gradients do not match tfjs-layers' on ${c.backend}: ${JSON.stringify(c)}`);
      }
      if (res.convCheck) {
        for (const l of res.convCheck.layers) {
          console.error(`  conv ${l.shape.join('×')} on ${res.convCheck.backend}: relative error, forward ${l.forward.toExponential(1)}, filter gradient ours ${l.ours.toExponential(1)}, tfjs's ${l.tfjs.toExponential(1)}; forward + filter gradient ${l.oursMs.toFixed(0)} ms, tfjs's ${l.tfjsMs.toFixed(0)} ms`);
          if (!(l.forward < 1e-4 && l.ours < 1e-4)) throw new Error(`our convolution does not match the reference on ${res.convCheck.backend}: ${JSON.stringify(l)}`);
        }
      }
      console.error(`  ${which}: ${res.samplesPerSec.toFixed(1)} samples/s over ${res.trainSeconds.toFixed(1)} s (${res.batches} batches)`);
    }
    rounds.push(round);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const sps = (k) => median(rounds.map((r) => r[k].samplesPerSec));
  const ratio = (k) => median(rounds.map((r) => r[k].samplesPerSec / r.baseline.samplesPerSec));
  const result = {
    date: new Date().toISOString(),
    gpu,
    arch: args.arch,
    batchSize: batch,
    secondsPerRun: seconds,
    rounds: rounds.length,
    // --rounds 0 (time-to-accuracy only): no throughput figures.
    throughput: rounds.length === 0 ? null : {
      baselineSamplesPerSec: sps('baseline'),
      oursSamplesPerSec: sps('ours'),
      oursAugSamplesPerSec: sps('ours+aug'),
      ratioOursToBaseline: ratio('ours'),
      ratioOursAugToBaseline: ratio('ours+aug'),
      // Each round's ratio, for the spread on a shared machine.
      roundRatios: rounds.map((r) => r.ours.samplesPerSec / r.baseline.samplesPerSec),
      ...(args['pace-ab'] ? { oursUnpacedSamplesPerSec: sps('ours-unpaced'), ratioOursUnpacedToBaseline: ratio('ours-unpaced') } : {}),
    },
    optimizerCheck: rounds[0]?.ours.optimizerCheck ?? null,
    convCheck: rounds[0]?.ours.convCheck ?? null,
    stepCheck: rounds[0]?.ours.stepCheck ?? null,
    timeToAccuracy: null,
  };

  if (args.tta) {
    const limitSec = Number(args['tta-minutes']) * 60;
    const more = { targetAccuracy: 0.985, evalEvery: Number(args['eval-every']), evalLimit: 10000 };
    // Our recipe for speed: a two-epoch one-cycle (warm-up, peak 3e-3, cosine to nearly 0) with augmentation.
    // A one-epoch one-cycle peaked at 97.77% (session 6, BENCHMARKS.md), short of the target.
    // One recipe failing (a lost GPU context on a software GPU) is reported, and the other still runs.
    const attempt = async (name, config) => {
      try {
        const r = await run(name, config, { seconds: limitSec, warmup: 0, more });
        const s = r.reachedAt ?? { notReachedWithinSeconds: r.trainSeconds, best: Math.max(0, ...r.curve.map((c) => c.accuracy)) };
        console.error(`  ${name}: ${ttaText(s)}`);
        return s;
      } catch (e) {
        console.error(`  ${name}: failed: ${e.message}`);
        return { failed: String(e.message) };
      }
    };
    const ours = await attempt('ours', { ...common, trainLimit: undefined, epochs: 2, learningRate: 0.003, optimizer: 'adam', augment: true, schedule: 'one-cycle', labelSmoothing: 0.05 });
    const base = await attempt('baseline', { ...common, trainLimit: undefined, epochs: 100, learningRate: 0.001, optimizer: 'rmsprop', augment: false, schedule: 'constant' });
    result.timeToAccuracy = {
      target: 0.985,
      evalImages: 10000,
      ours,
      baseline: base,
      speedup: ours.seconds !== undefined && base.seconds !== undefined ? base.seconds / ours.seconds : null,
    };
  }
  console.log(JSON.stringify(result, null, 2));
  if (!args['no-write']) writeBenchmarks(result);
} finally {
  await browser.close();
  await server.close();
}

/** One recipe's time-to-accuracy outcome in words: reached (when, after how many samples), not reached (best accuracy) or failed. */
function ttaText(x) {
  if (x.failed) return `failed (${x.failed})`;
  if (x.seconds !== undefined) return `${(x.seconds / 60).toFixed(1)} min (${x.samples} samples)`;
  return `not reached in ${(x.notReachedWithinSeconds / 60).toFixed(1)} min (best ${(x.best * 100).toFixed(2)}%)`;
}

function writeBenchmarks(r) {
  const file = resolve(root, 'BENCHMARKS.md');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `# Benchmarks\n\nWritten by \`npm run bench\`. Each run measures our training loop against the tfjs-examples mnist loop as published (\`model.fit\` over whole-dataset tensors, \`onBatchEnd\` reading the logs and awaiting \`tf.nextFrame()\`), in the same headless Chromium, on the same architecture, batch size and backend, each loop in a fresh worker, alternating order over rounds; medians are shown. Evaluation time is excluded from training time. This machine's GPU is software (Mesa llvmpipe), so compare ratios, not seconds.\n`,
    );
  }
  const t = r.throughput;
  let md = `\n## ${r.date.slice(0, 16).replace('T', ' ')} UTC · ${r.arch}, batch ${r.batchSize} · ${r.gpu}\n\n`;
  if (t) {
    md += `| loop | samples/s | ratio to baseline |\n| --- | ---: | ---: |\n`;
    md += `| tfjs-examples \`model.fit\` (baseline) | ${t.baselineSamplesPerSec.toFixed(1)} | 1.00 |\n`;
    md += `| ours | ${t.oursSamplesPerSec.toFixed(1)} | ${t.ratioOursToBaseline.toFixed(2)} |\n`;
    md += `| ours + GPU augmentation | ${t.oursAugSamplesPerSec.toFixed(1)} | ${t.ratioOursAugToBaseline.toFixed(2)} |\n`;
    if (t.oursUnpacedSamplesPerSec) md += `| ours without GPU pacing (not shipped) | ${t.oursUnpacedSamplesPerSec.toFixed(1)} | ${t.ratioOursUnpacedToBaseline.toFixed(2)} |\n`;
    md += `\n${r.rounds} round(s) of ${r.secondsPerRun} s each; ours / baseline per round: ${t.roundRatios.map((x) => x.toFixed(2)).join(', ')}.\n`;
  }
  if (r.convCheck) {
    md += `\nConvolutions (forward + filter gradient, batch ${r.batchSize}; error relative to a tap-by-tap reference):\n\n| input → filters | ours ms | tfjs ms | ours error | tfjs error |\n| --- | ---: | ---: | ---: | ---: |\n`;
    for (const l of r.convCheck.layers) md += `| ${l.shape.slice(1, 4).join('×')} → ${l.shape[4]} | ${l.oursMs.toFixed(0)} | ${l.tfjsMs.toFixed(0)} | ${l.ours.toExponential(1)} | ${l.tfjs.toExponential(1)} |\n`;
  }
  if (r.timeToAccuracy) {
    md += `\nTime to ${(r.timeToAccuracy.target * 100).toFixed(1)}% test accuracy (all 10,000 test images, evaluation excluded): ours ${ttaText(r.timeToAccuracy.ours)}, baseline recipe ${ttaText(r.timeToAccuracy.baseline)}${r.timeToAccuracy.speedup ? `, speed-up ${r.timeToAccuracy.speedup.toFixed(2)}×` : ''}.\n`;
  }
  appendFileSync(file, md);
}
