// Training cost of each augmentation part: samples/s of the default CNN in the app's worker (headless Chromium), 14 batches a variant, one browser.
//   node scripts/measure-augment.mjs [plain,elastic,thick,strokes,all,average]   (average: all + weight averaging; names may repeat, to alternate)   (serves the harness on port 4350)
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { serveHarness } from './lib/harness.mjs';
const server = await serveHarness(4350);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(server.url);
await page.waitForFunction(() => !!window.harness);
await page.evaluate(async () => { window.lab = window.harness.spawn('lab'); await window.lab.call('init', { role: 'lab', baseUrl: window.harness.baseUrl }); });
const base = { arch: 'cnn', epochs: 1, batchSize: 128, learningRate: 0.001, optimizer: 'adam', augment: true, schedule: 'one-cycle', labelSmoothing: 0.05, seed: 1, testLimit: 100 };
const variants = { plain: {}, elastic: { elastic: 0.5 }, thick: { thickness: 0.3 }, strokes: { strokeShare: 0.2 }, all: { elastic: 0.5, thickness: 0.3, strokeShare: 0.2 }, average: { elastic: 0.5, thickness: 0.3, strokeShare: 0.2, weightAverage: 0.999 } };
for (const name of (process.argv[2] ?? 'plain,elastic,thick,strokes,all').split(',')) {
  const cfg = { ...base, ...variants[name], maxBatches: 14 };
  const r = await page.evaluate(async (cfg) => {
    const times = [];
    await window.lab.call('discardCheckpoint', {});
    await window.lab.call('train', { config: cfg, resume: false }, (p) => { if (p.phase === 'training') times.push([performance.now(), p.batches]); });
    return times;
  }, cfg);
  const a = r.find((x) => x[1] >= 4), b = r.at(-1);
  console.log(name, a && b ? (((b[1] - a[1]) * 128 * 1000) / (b[0] - a[0])).toFixed(1) + ' samples/s' : JSON.stringify(r));
}
await browser.close(); await server.close();
