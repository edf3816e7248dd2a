/**
 * Faults, each provoked for real in Chromium: a lost WebGL context
 * (WEBGL_lose_context in the worker), a worker that crashes or hangs, a
 * reload in the middle of training, an IndexedDB that refuses to work, and
 * no network at all after the first visit. Each checks what the user sees
 * and that the app carries on. `debugFault` only answers automated browsers.
 */
import { expect, test } from './fixtures';
import { denseModelFiles, testImage } from './fixtures/models';
import type { TrainConfig } from '../src/shared/types';

test('lost WebGL context: the backend is rebuilt, the model reloaded, drawing carries on', async ({ page, app, drawing, api }) => {
  test.setTimeout(180_000);
  await app.open('draw');
  const model = await app.modelReady('default');
  const before = await drawing.read();
  const probs = await api.predict(testImage());

  const t0 = Date.now();
  expect(await api.fault('infer', 'lose-context')).toBe('ok');
  const notice = app.notice('graphics context was lost');
  await expect(notice).toContainText(/rebuilt it and reloaded its model in \d+\.\d s/, { timeout: 60_000 });
  const noticeMs = Date.now() - t0;
  const reported = Number(/in (\d+\.\d) s/.exec((await notice.textContent()) ?? '')![1]);

  // Same model, same answers, on a fresh context.
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-model', model);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true');
  expect(await page.getByTestId('model-status').getAttribute('data-state')).toBe('ready');
  const after = await api.predict(testImage());
  after.forEach((p, i) => expect(p).toBeCloseTo(probs[i], 5));
  expect(await drawing.read()).toBe(before);
  await expect(page.getByRole('alert')).toHaveCount(0);
  test.info().annotations.push({ type: 'context loss', description: `recovered in ${reported.toFixed(1)} s (worker's measure: loss event → backend rebuilt, weights reloaded, warmed up); notice shown ${noticeMs} ms after the trigger` });
});

test('lost WebGL context in the lab worker: it rebuilds too, and the lab still works', async ({ app, library, api }) => {
  test.setTimeout(180_000);
  // The lab starts on demand: listing the library starts it.
  await library.open();
  expect(await api.fault('lab', 'lose-context')).toBe('ok');
  await expect(app.notice('training lab rebuilt it')).toBeVisible({ timeout: 60_000 });
  // The rebuilt lab measures the shipped model on 200 test images, and gets them nearly all right.
  const r = await api.request('lab', 'evaluate', { id: 'default', limit: 200 });
  expect(r.count).toBe(200);
  expect(r.accuracy).toBeGreaterThan(0.95);
});

test('crashed prediction worker: restarted with its model, the user is told, drawing works', async ({ app, drawing, api }) => {
  test.setTimeout(180_000);
  await app.open('draw');
  const model = await app.modelReady('default');
  const before = await drawing.read();
  await api.fault('infer', 'crash');
  await expect(app.notice('prediction engine stopped responding')).toContainText('restarted and its model reloaded', { timeout: 30_000 });
  await app.modelReady(model, 60_000);
  expect(await drawing.read()).toBe(before);
});

test('hung prediction worker: terminated after its time limit, respawned, drawing works', async ({ app, drawing, api }) => {
  test.setTimeout(180_000);
  await app.open('draw');
  const model = await app.modelReady('default');
  const before = await drawing.read();
  const t0 = Date.now();
  const answer = await api.fault('infer', 'hang');
  expect(answer).toMatch(/stopped \(debugFault got no answer in 5 s\) and was restarted/);
  await expect(app.notice('prediction engine stopped responding')).toBeVisible();
  await app.modelReady(model, 60_000);
  expect(await drawing.read()).toBe(before);
  test.info().annotations.push({ type: 'hang', description: `hang detected and worker respawned with its model in ${((Date.now() - t0) / 1000).toFixed(1)} s (5 s limit)` });
});

test('reload in the middle of training: the run is offered from its last checkpoint and resumes', async ({ page, app, train, api }) => {
  test.setTimeout(360_000);
  await app.open('train');
  // A small run so epochs end (and checkpoint) within seconds on a software GPU.
  const config: TrainConfig = { arch: 'linear', epochs: 30, batchSize: 64, learningRate: 0.01, optimizer: 'adam', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 4096, testLimit: 500, seed: 3 };
  await page.evaluate((c) => {
    void window.__digitLab!.bridge.request('lab', 'train', { config: c, resume: false }).catch(() => undefined);
  }, config);
  await expect.poll(async () => (await api.request('lab', 'getCheckpoint', {}))?.epochsDone ?? 0, { timeout: 240_000, intervals: [1000] }).toBeGreaterThanOrEqual(1);
  await page.reload();
  const saved = await api.request('lab', 'getCheckpoint', {});
  const where = await api.request('lab', 'storageStatus', {});
  expect(saved?.epochsDone, JSON.stringify(where)).toBeGreaterThanOrEqual(1);
  const offer = page.getByTestId('train-resume-offer');
  await expect(offer).toBeVisible({ timeout: 60_000 });
  await expect(offer).toContainText(`interrupted after epoch ${saved!.epochsDone} of 30`);
  // Only a few epochs more: stop soon after resuming, which saves the model.
  test.info().annotations.push({ type: 'reload mid-training', description: `reloaded after epoch ${saved!.epochsDone} of 30; offered “${(await offer.locator('h2').textContent())?.trim()}”` });
  await page.getByTestId('train-resume').click();
  await expect(train.status).toHaveAttribute('data-state', /loading|training/);
  await expect.poll(() => train.batches(), { timeout: 180_000 }).toBeGreaterThan(10);
  await train.stop();
  await expect(train.status).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
});

test('IndexedDB refuses to work: a notice, models kept in memory, the app works', async ({ page, app, drawing, library, api }) => {
  test.setTimeout(240_000);
  // Break the databases before the app opens them (a same-origin page that is not the app).
  await page.route('**/__blank', (r) => r.fulfill({ body: '<!doctype html><title>blank</title>', contentType: 'text/html' }));
  await page.goto('./__blank');
  await page.evaluate(async () => {
    const open = (name: string, version: number) =>
      new Promise<void>((resolve, reject) => {
        const r = indexedDB.open(name, version);
        r.onsuccess = () => {
          r.result.close();
          resolve();
        };
        r.onerror = () => reject(r.error);
      });
    // No object stores where the library and tfjs expect theirs; tfjs's database at a version it cannot open.
    await open('digit-lab-library', 7);
    await open('tensorflowjs', 99);
  });
  await page.goto('./#library');
  await expect(app.notice('won’t let Digit Lab use its storage')).toBeVisible({ timeout: 60_000 });
  // The shipped model comes from the site, not storage: it still reads drawings.
  await library.open();
  expect(await app.status.getAttribute('data-model')).toBe('default');
  await expect(page.getByTestId('library-storage')).toHaveAttribute('data-mode', 'memory');
  // An import lands in memory; the prediction worker fetches it from the lab to use it.
  const id = await library.importModel(denseModelFiles(784, 10, 41));
  expect(await api.libraryIds()).toContain(id);
  await library.use(id);
  const probs = await api.predict(testImage());
  expect(probs).toHaveLength(10);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  await app.open('draw');
  expect(await drawing.read()).toMatch(/^\d$/);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after the first visit the app, its model and the MNIST data already used work with no network', async ({ page, context, app, drawing, api }) => {
    test.setTimeout(300_000);
    await page.goto('./#library');
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    // Second visit: the page and its workers are under the service worker from the start.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await app.modelReady('default');
    const measure = async () => (await api.request('lab', 'evaluate', { id: 'default', limit: 500 })).count;
    expect(await measure()).toBe(500);

    await context.setOffline(true);
    try {
      await page.reload();
      await expect(page.getByTestId('tab-draw')).toBeVisible();
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
      await app.modelReady('default', 60_000);
      await app.open('draw');
      expect(await drawing.read()).toMatch(/^\d$/);
      // The test shard came from the cache.
      expect(await measure()).toBe(500);
      // Navigating to the app's URL with no network still gets the app.
      await page.goto('./?from=offline#draw');
      await expect(page.getByTestId('draw-canvas')).toBeVisible();
    } finally {
      await context.setOffline(false);
    }
  });
});
