#!/usr/bin/env node
/**
 * Trains the default CNN with the app's own worker in headless Chromium and
 * writes public/models/default/ (model.json, model.weights.bin, meta.json).
 *
 *   npm run pretrain                      # resume if a checkpoint exists, else start
 *   npm run pretrain -- --fresh           # discard the checkpoint and start over
 *   npm run pretrain -- --epochs 10 --batch 128 --lr 0.003 --arch cnn
 *   npm run pretrain -- --weight-average 0.999   # judge and save the weights' moving average
 *   npm run pretrain -- --fresh --init default --epochs 4 --lr 0.001 --seed 2
 *                                         # warm restart: start from the shipped
 *                                         # model's weights with a new one-cycle
 *
 * Resumable: the browser profile in .cache/pretrain-profile keeps the worker's
 * IndexedDB checkpoint; after every epoch the model so far is evaluated on all
 * 10,000 test images and on the held-out stroke digits, and kept in --keep.
 *
 * Guarded: a model is written to --out only when, against the one there when
 * the run started, it is better beyond chance on MNIST (test + validation
 * scans) or on the held-out strokes and worse beyond chance on neither
 * (scripts/strokes/guard.mjs: a sign test on the images only one model reads
 * right). An interrupted run ships its last epoch that passed; a run that never
 * passes keeps the old model, says why and exits with status 2.
 */
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync, appendFileSync, renameSync, readFileSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { serveHarness } from './lib/harness.mjs';
import { describeDecision, guardDecision } from './strokes/guard.mjs';
import { figuresOf, guardMeta, guardSets, strokeMeta } from './strokes/ship.mjs';
import { loadTs } from './strokes/lib.mjs';
import { warmStartOrigin } from './lib/lineage.mjs';
import { STROKE_EXTRA } from './strokes/parts.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    arch: { type: 'string', default: 'cnn' },
    // The shipped model's run (public/models/default/meta.json: epoch 10 of a 12-epoch one-cycle, chosen by validation).
    epochs: { type: 'string', default: '12' },
    batch: { type: 'string', default: '128' },
    lr: { type: 'string', default: '0.003' },
    out: { type: 'string', default: 'public/models/default' },
    profile: { type: 'string', default: '.cache/pretrain-profile' },
    port: { type: 'string', default: '4317' },
    optimizer: { type: 'string', default: 'adam' },
    augment: { type: 'string', default: 'true' },
    'train-limit': { type: 'string' },
    init: { type: 'string' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'string', default: '.cache/pretrain-snapshots' },
    'test-limit': { type: 'string' },
    // Default: the architecture's recipe in src/shared/zoo.ts (what the Train tab runs); 0 turns one off.
    'stroke-share': { type: 'string' },
    elastic: { type: 'string' },
    thickness: { type: 'string' },
    // The decay per batch of the weight average the run is judged and saved by (e.g. 0.999); 0: off.
    'weight-average': { type: 'string' },
  },
});
const { defaultConfig } = await loadTs('src/shared/zoo.ts');
const recipe = defaultConfig(args.arch);
const share = (name, key) => (args[name] !== undefined ? Number(args[name]) : recipe[key] ?? 0);
const weightAverage = share('weight-average', 'weightAverage');
const outDir = resolve(root, args.out);
const logFile = resolve(root, `${args.profile}.log`.replace('-profile.log', '.log'));
mkdirSync(dirname(logFile), { recursive: true });
const log = (s) => {
  const line = `[${new Date().toISOString()}] ${s}`;
  console.log(line);
  appendFileSync(logFile, line + '\n');
};

// A warm restart records what it started from (only 'default', the shipped model, has a meta.json on disk): set once
// the run knows whether it resumes (scripts/lib/lineage.mjs).
const shippedMeta = args.init === 'default' ? JSON.parse(readFileSync(resolve(root, 'public/models/default/meta.json'), 'utf8')) : null;
let origin = null;
let priorSamples = 0;

const ARCH_NAMES = { cnn: 'Digit Lab CNN', 'keras-cnn': 'Keras article CNN', 'flask-cnn': 'Flask article CNN', mlp: 'Tutorial MLP 784-784-10', linear: 'Single-layer 784→10' };

const config = {
  arch: args.arch,
  epochs: Number(args.epochs),
  batchSize: Number(args.batch),
  learningRate: Number(args.lr),
  optimizer: args.optimizer,
  augment: args.augment !== 'false',
  schedule: 'one-cycle',
  labelSmoothing: 0.05,
  seed: Number(args.seed),
  snapshotEachEpoch: true,
  strokeShare: share('stroke-share', 'strokeShare'),
  elastic: share('elastic', 'elastic'),
  thickness: share('thickness', 'thickness'),
  ...(weightAverage ? { weightAverage } : {}),
  ...(args.init ? { initFrom: args.init } : {}),
  ...(args['train-limit'] ? { trainLimit: Number(args['train-limit']) } : {}),
  ...(args['test-limit'] ? { testLimit: Number(args['test-limit']) } : {}),
};

/** The augmentation in words, for meta.json. */
function augmentationText(c) {
  const parts = ['random rotation ±12°, scale ±10% (aspect ±5%), shift ±10%'];
  if (c.elastic) parts.push(`elastic distortion (alpha 3 px, sigma 4 px) on ${Math.round(c.elastic * 100)}% of each batch`);
  if (c.thickness) parts.push(`stroke thickness change on ${Math.round(c.thickness * 100)}%`);
  return parts.join('; ');
}

/** Writes the three files atomically (temp names, then rename). */
function writeModel(files, meta, dir = outDir) {
  mkdirSync(dir, { recursive: true });
  const put = (name, data) => {
    writeFileSync(join(dir, `.${name}.tmp`), data);
    renameSync(join(dir, `.${name}.tmp`), join(dir, name));
  };
  put('model.weights.bin', Buffer.from(files.weights, 'base64'));
  put('model.json', JSON.stringify(JSON.parse(files.modelJson), null, 1));
  // Confusion rows one per line: readable in a diff.
  const { confusion, ...rest } = meta;
  let text = JSON.stringify(rest, null, 2);
  if (confusion) text = `${text.slice(0, -2)},\n  "confusion": [\n${Array.from({ length: 10 }, (_, i) => `    ${JSON.stringify(confusion.slice(i * 10, i * 10 + 10))}`).join(',\n')}\n  ]\n}`;
  put('meta.json', text + '\n');
}

const started = Date.now();
// What is in --out when the run starts: the bar every epoch of this run must clear, image by image, in Node.
// Always that one, not this run's last written epoch: a chain of steps each within chance could drift far.
const sets = await guardSets();
const baseline = await figuresOf(outDir, sets);
const pctOf = (s) => `${(100 * s.accuracy).toFixed(2)}%`;
let wroteAny = false;
log(baseline
  ? `${args.out} now: MNIST test + validation ${pctOf(baseline.mnist)} of ${baseline.mnist.count}, held-out strokes ${pctOf(baseline.strokes)} of ${baseline.strokes.count} (measured now, in Node)`
  : `${args.out} has no model yet: the first one measured is written`);

/** Writes `files` to --out only if they pass the guard against the baseline; logs the decision either way. */
async function ship(files, meta, candidateDir) {
  const candidate = await figuresOf(candidateDir, sets);
  const decision = guardDecision(baseline, candidate);
  log(describeDecision(decision, args.out));
  if (!decision.replace) return;
  writeModel(files, { ...meta, ...strokeMeta(candidate.strokes), guard: guardMeta(baseline, decision) });
  wroteAny = true;
}
let shipping = Promise.resolve();

const server = await serveHarness(Number(args.port));
const context = await chromium.launchPersistentContext(resolve(root, args.profile), {
  executablePath: chromiumPath(),
  headless: true,
  args: CHROMIUM_ARGS,
});
let exitCode = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.type() === 'error' && log(`page: ${m.text()}`));
  let lastLog = 0;
  let pendingSnapshot = null;
  const valAcc = {};
  await page.exposeFunction('pretrainProgress', (p) => {
    if (p.snapshot) pendingSnapshot = p.snapshot;
    if (p.val) valAcc[p.val.epoch] = p.val.acc;
    if (p.val) log(`epoch ${p.val.epoch}: val acc ${(p.val.acc * 100).toFixed(2)}%, val loss ${p.val.loss.toFixed(4)}`);
    if (Date.now() - lastLog > 30000 && p.phase === 'training') {
      lastLog = Date.now();
      const last = p.points?.at(-1);
      log(`epoch ${p.epoch + 1}/${p.epochs} batch ${p.batches} · ${p.samplesPerSec.toFixed(1)} samples/s · lr ${p.lr.toExponential(2)} · loss ${last?.loss.toFixed(3)} acc ${last ? (last.acc * 100).toFixed(1) : '?'}% · ETA ${p.etaSec ? (p.etaSec / 60).toFixed(1) + ' min' : '?'}`);
    }
  });
  await page.exposeFunction('pretrainSnapshot', async () => {
    // Called from the page after a snapshot lands: export it and write it out now.
    const s = pendingSnapshot;
    if (!s) return;
    pendingSnapshot = null;
    const files = await page.evaluate(async () => {
      const f = await window.lab.call('exportModel', { id: 'snapshot' });
      const bytes = new Uint8Array(f.weights);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { modelJson: f.modelJson, weights: btoa(bin), params: f.meta.params };
    });
    // Every epoch's in --keep/epoch-N (outside public/), to choose from by validation accuracy; in --out only past the guard.
    const meta = { ...metaFor(s.epoch, s.testAccuracy, null), params: files.params, validationAccuracy: valAcc[s.epoch] ?? null };
    const kept = resolve(root, args.keep, `epoch-${s.epoch}`);
    writeModel(files, meta, kept);
    log(`epoch ${s.epoch}: MNIST test accuracy ${(s.testAccuracy * 100).toFixed(2)}% (${config.testLimit ?? 10000} images), kept in ${args.keep}/epoch-${s.epoch}`);
    // One at a time: the stroke check runs in Node while the next epoch trains.
    shipping = shipping.then(() => ship(files, meta, kept)).catch((e) => log(`guard failed after epoch ${s.epoch}: ${e.message}`));
  });

  let checkpointEpochs = 0;
  let resumedFrom = null;
  const metaFor = (epochs, testAccuracy, wall) => ({
    format: 'digit-lab-model-meta',
    formatVersion: 1,
    name: ARCH_NAMES[config.arch] ?? config.arch,
    arch: config.arch,
    params: null,
    description: 'The shipped model: trained with `npm run pretrain` by the app\u2019s own worker code (tfjs WebGL) in headless Chromium.',
    recipe: { optimizer: config.optimizer, peakLearningRate: config.learningRate, schedule: 'one-cycle (25% linear warm-up from peak/25, cosine to peak/1000)', batchSize: config.batchSize, augmentation: config.augment ? augmentationText(config) : 'none', drawnDigitShare: config.strokeShare, ...(STROKE_EXTRA.length ? { drawnDigitExtra: STROKE_EXTRA } : {}), ...(config.weightAverage ? { weightAverage: `exponential moving average of the weights, decay ${config.weightAverage} a batch; validated, tested and saved with the average` } : {}), labelSmoothing: config.labelSmoothing, validation: 'last 5,000 training images held out', plannedEpochs: config.epochs },
    ...(config.initFrom ? { warmStart: { from: config.initFrom, seed: config.seed, ...(origin ?? {}), note: 'epochs and the recipe above are this warm restart’s; samplesSeen counts every run in the chain' } } : {}),
    epochs,
    samplesSeen: priorSamples + Math.round(epochs * (config.trainLimit ?? 55000)),
    wallTimeSec: wall ?? Math.round((Date.now() - started) / 1000),
    testAccuracy,
    testImages: config.testLimit ?? 10000,
    createdAt: new Date().toISOString(),
    trainedWith: 'tfjs 4.22 WebGL backend on Mesa llvmpipe (software GPU), headless Chromium',
  });

  await page.goto(server.url);
  await page.waitForFunction(() => !!window.harness);
  const init = await page.evaluate(async () => {
    window.lab = window.harness.spawn('lab');
    return window.lab.call('init', { role: 'lab', baseUrl: window.harness.baseUrl });
  });
  log(`backend: ${init.backend}${init.notice ? ` (${init.notice})` : ''}`);
  if (init.backend !== 'webgl') log('warning: no WebGL; training on the CPU backend will be very slow');
  if (args.fresh) await page.evaluate(() => window.lab.call('discardCheckpoint', {}));
  const ckpt = await page.evaluate(() => window.lab.call('getCheckpoint', {}));
  if (ckpt) {
    checkpointEpochs = ckpt.epochsDone;
    resumedFrom = ckpt.epochsDone;
    log(`resuming from checkpoint: ${ckpt.epochsDone} epochs + ${ckpt.batchesDone} batches done`);
  } else log(`starting: ${JSON.stringify(config)}`);
  origin = warmStartOrigin(shippedMeta, { resuming: !!ckpt, seed: config.seed, epochs: config.epochs, learningRate: config.learningRate });
  priorSamples = origin?.fromSamplesSeen ?? 0;

  const result = await page.evaluate(
    async ({ config, resume }) =>
      window.lab.call('train', { config, resume }, (p) => {
        window.pretrainProgress(p);
        if (p.snapshot) void window.pretrainSnapshot();
      }).then((r) => ({ ...r, test: r.test && { accuracy: r.test.accuracy, count: r.test.count, confusion: r.test.confusion } })),
    { config, resume: !!ckpt },
  );
  // Let a last snapshot export finish before the final write.
  await new Promise((r) => setTimeout(r, 500));
  const files = await page.evaluate(async (id) => {
    const f = await window.lab.call('exportModel', { id });
    const bytes = new Uint8Array(f.weights);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { modelJson: f.modelJson, weights: btoa(bin) };
  }, result.model.id);
  const meta = metaFor(result.epochsDone, result.test.accuracy, Math.round((Date.now() - started) / 1000));
  meta.params = result.model.params;
  meta.samplesSeen = priorSamples + result.samplesSeen + checkpointEpochs * (config.trainLimit ?? 55000);
  meta.testImages = result.test.count;
  meta.confusion = result.test.confusion;
  // As the per-epoch snapshots do: the validation scans are the one MNIST figure the guard never looks at.
  meta.validationAccuracy = valAcc[result.epochsDone] ?? null;
  if (resumedFrom !== null) meta.note = `resumed from a checkpoint after epoch ${resumedFrom}; wallTimeSec covers the last session only`;
  const finalDir = resolve(root, args.keep, 'final');
  writeModel(files, meta, finalDir);
  await shipping;
  await ship(files, meta, finalDir);
  if (!wroteAny) {
    log(`nothing written: no model of this run passed the guard against the one in ${args.out}; it stays (every epoch is in ${args.keep})`);
    exitCode = 2;
  }
  log(`done: ${result.epochsDone} epochs, MNIST test accuracy ${(result.test.accuracy * 100).toFixed(2)}% on ${result.test.count} images, wall ${(meta.wallTimeSec / 60).toFixed(1)} min`);
} catch (e) {
  log(`pretrain failed: ${e.message}`);
  exitCode = 1;
} finally {
  await context.close();
  await server.close();
}
process.exit(exitCode);
