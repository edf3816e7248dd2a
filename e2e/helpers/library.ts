/** Helpers for the library and fault specs: model files built in the test, export/import through the page, the bridge. */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import type { ModelInfo } from '../../src/shared/types';
import { rng } from '../../src/shared/rng';
import { modelSettled } from './app';

export type Files = Record<string, Buffer>;

/** A one-layer dense softmax model written by hand in tfjs layers format: any input width, any number of classes. */
export function denseModelFiles(inputs: number, classes: number, seed = 1): Files {
  const json = {
    format: 'layers-model',
    generatedBy: 'digit-lab e2e fixture',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'fixture', layers: [{ class_name: 'Dense', config: { name: 'dense', units: classes, activation: 'softmax', use_bias: true, batch_input_shape: [null, inputs], dtype: 'float32', trainable: true } }] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['./model.weights.bin'], weights: [{ name: 'dense/kernel', shape: [inputs, classes], dtype: 'float32' }, { name: 'dense/bias', shape: [classes], dtype: 'float32' }] }],
  };
  const r = rng(seed);
  const w = new Float32Array(inputs * classes + classes).map(() => (r() - 0.5) * 0.2);
  return { 'model.json': Buffer.from(JSON.stringify(json)), 'model.weights.bin': Buffer.from(w.buffer) };
}

/** A 784 → hidden (ReLU) → 10 model in tfjs layers format, written by hand; about 3.2 KB of weights per hidden unit. */
export function mlpModelFiles(hidden: number, seed = 1): Files {
  const dense = (name: string, units: number, activation: string, input?: number) => ({
    class_name: 'Dense',
    config: { name, units, activation, use_bias: true, dtype: 'float32', trainable: true, ...(input ? { batch_input_shape: [null, input] } : {}) },
  });
  const json = {
    format: 'layers-model',
    generatedBy: 'digit-lab e2e fixture',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'mlp-fixture', layers: [dense('hidden', hidden, 'relu', 784), dense('out', 10, 'softmax')] }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [
      {
        paths: ['./model.weights.bin'],
        weights: [
          { name: 'hidden/kernel', shape: [784, hidden], dtype: 'float32' },
          { name: 'hidden/bias', shape: [hidden], dtype: 'float32' },
          { name: 'out/kernel', shape: [hidden, 10], dtype: 'float32' },
          { name: 'out/bias', shape: [10], dtype: 'float32' },
        ],
      },
    ],
  };
  const r = rng(seed);
  const w = new Float32Array(784 * hidden + hidden + hidden * 10 + 10).map(() => (r() - 0.5) * 0.1);
  return { 'model.json': Buffer.from(JSON.stringify(json)), 'model.weights.bin': Buffer.from(w.buffer) };
}

/** Opens the library tab and waits for the model and the list. */
export async function openLibrary(page: Page): Promise<void> {
  if (page.url() === 'about:blank') await page.goto('./#library');
  else await page.getByTestId('tab-library').click();
  await modelSettled(page);
  await expect(page.getByTestId('library')).toHaveAttribute('data-count', /\d+/, { timeout: 60_000 });
}

/** Ids in the library as the lab worker lists them. */
export async function libraryIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await window.__digitLab!.bridge.request('lab', 'listModels', {})).map((m: ModelInfo) => m.id));
}

/** Ids of the rows shown. */
export async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId('library-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model-id') ?? ''));
}

/** Clicks `export-model`: one zip named after the model; returns the files inside it by name. */
export async function exportActive(page: Page): Promise<Files> {
  return (await exportActiveZip(page)).files;
}

/** Clicks `export-model`; returns the zip's name and the files inside it. */
export async function exportActiveZip(page: Page): Promise<{ zipName: string; files: Files }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  const zipName = download.suggestedFilename();
  const entries = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const files: Files = {};
  for (const [name, bytes] of Object.entries(entries)) files[name] = Buffer.from(bytes);
  return { zipName, files };
}

/** Picks files in the `import-model` input, as a user would. */
export async function pickFiles(page: Page, files: Files): Promise<void> {
  await page.getByTestId('import-model').setInputFiles(
    Object.entries(files).map(([name, buffer]) => ({ name, buffer, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' })),
  );
}

/**
 * Imports files and waits until the model is stored (and, with `measured`, until its MNIST
 * accuracy is measured: quick for small models, minutes for a CNN on a software GPU); returns its id.
 */
export async function importModel(page: Page, files: Files, opts: { measured?: boolean } = {}): Promise<string> {
  const before = new Set(await rowIds(page));
  await pickFiles(page, files);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-phase', opts.measured ? 'done' : /measuring|done/, { timeout: 180_000 });
  await expect.poll(async () => (await rowIds(page)).find((id) => !before.has(id)) ?? null, { timeout: 30_000 }).not.toBeNull();
  return (await rowIds(page)).find((id) => !before.has(id))!;
}

/** Makes a model active from its row and waits until it reads drawings. */
export async function useModel(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid=library-row][data-model-id="${id}"]`).getByTestId('library-use').click();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-model', id, { timeout: 60_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

/** The active model's probabilities for an image, straight from the prediction worker. */
export async function predictImage(page: Page, image: number[]): Promise<number[]> {
  return page.evaluate(async (px) => Array.from((await window.__digitLab!.bridge.request('infer', 'predict', { image: new Float32Array(px) })).probs), image);
}

/** A fixed test image: a thick vertical bar with a hook (a "7"-ish shape). */
export function testImage(): number[] {
  const img = new Array(784).fill(0);
  for (let y = 5; y < 23; y++) for (let x = 13; x < 16; x++) img[y * 28 + x + Math.round((y - 5) * -0.25)] = 1;
  for (let x = 8; x < 20; x++) for (let y = 5; y < 7; y++) img[y * 28 + x] = 1;
  return img;
}

/** Serves files over HTTP on 127.0.0.1 (for stock tf.loadLayersModel). */
export async function serveFiles(files: Files): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0].slice(1));
    const body = files[name];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The model the app starts with here: the shipped one if this checkout has it, else an imported fixture made active. */
export async function sourceModel(page: Page): Promise<string> {
  await openLibrary(page);
  const state = await page.getByTestId('model-status').getAttribute('data-state');
  if (state === 'ready') return (await page.getByTestId('model-status').getAttribute('data-model'))!;
  // No shipped model in this checkout: dismiss its alert and start from a fixture.
  await page.getByRole('alert').getByRole('button').first().click();
  const id = await importModel(page, denseModelFiles(784, 10, 7));
  await useModel(page, id);
  return id;
}
