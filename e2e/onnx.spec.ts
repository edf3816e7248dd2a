/**
 * ONNX export end to end: `export-onnx` downloads model.onnx, which
 * onnxruntime-web (WASM backend) then runs inside the browser, agreeing with
 * the app's own answers for a digit drawn with the mouse and for MNIST test
 * images; a model with a layer ONNX export cannot handle gets an alert naming it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Files } from './fixtures/models';
import { rng } from '../src/shared/rng';

const ROOT = join(import.meta.dirname, '..');
const ORT_DIST = join(ROOT, 'node_modules/onnxruntime-web/dist');
const TYPES: Record<string, string> = { mjs: 'text/javascript', js: 'text/javascript', wasm: 'application/wasm', onnx: 'application/octet-stream' };

/** Serves onnxruntime-web's files (and the exported model) under /__ort/ on the app's origin, for this test only. */
async function serveOrt(page: Page, model: Buffer): Promise<void> {
  await page.route('**/__ort/**', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    const body = name === 'model.onnx' ? model : await readFile(join(ORT_DIST, name)).catch(() => null);
    if (!body) return route.fulfill({ status: 404 });
    await route.fulfill({ status: 200, body, contentType: TYPES[name.split('.').pop()!] ?? 'application/octet-stream' });
  });
}

/** Runs model.onnx in onnxruntime-web's WASM backend in the page on a batch of 28×28 images. */
async function runInBrowser(page: Page, images: number[][]): Promise<{ inputs: readonly string[]; outputs: readonly string[]; dims: readonly number[]; probs: number[][] }> {
  return page.evaluate(async (imgs) => {
    const base = new URL('__ort/', location.href).href;
    const ort = await import(/* @vite-ignore */ `${base}ort.wasm.min.mjs`);
    ort.env.wasm.wasmPaths = base;
    ort.env.wasm.numThreads = 1;
    const bytes = new Uint8Array(await (await fetch(`${base}model.onnx`)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const x = new ort.Tensor('float32', Float32Array.from(imgs.flat()), [imgs.length, 28, 28, 1]);
    const out = await session.run({ input: x });
    const p = out.probabilities;
    const data = Array.from(p.data as Float32Array);
    await session.release();
    return { inputs: session.inputNames, outputs: session.outputNames, dims: p.dims, probs: imgs.map((_, i) => data.slice(i * 10, i * 10 + 10)) };
  }, images);
}

const argmax = (p: number[]) => p.indexOf(Math.max(...p));

test('model.onnx from the page runs in onnxruntime-web (WASM) and agrees with the app', async ({ page, app, drawing, library, api }) => {
  test.setTimeout(240_000);
  await library.open();
  await app.modelReady('default');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-onnx').click();
  const d = await download;
  expect(d.suggestedFilename()).toBe('model.onnx');
  const model = await readFile((await d.path())!);
  console.log(`[onnx e2e] model.onnx: ${model.byteLength} bytes`);
  expect(model.byteLength).toBeGreaterThan(1000);
  await serveOrt(page, model);

  // A digit drawn with the mouse: the app's answer and the 28×28 image it read.
  await app.open('draw');
  await drawing.digit(3);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
  await expect(prediction).not.toHaveAttribute('data-digit', '');
  const shown = Number(await prediction.getAttribute('data-digit'));
  const drawn = await page.evaluate(() => Array.from(window.__digitLab!.store.getState().preview ?? []));
  expect(drawn).toHaveLength(784);

  // Ten MNIST test images, and the app's probabilities for each and for the drawing.
  const shard = await readFile(join(ROOT, 'public/data/mnist/test-00.bin'));
  const mnist = Array.from({ length: 10 }, (_, i) => Array.from(shard.subarray(i * 784, (i + 1) * 784), (b) => b / 255));
  const images = [drawn, ...mnist];
  const ours: number[][] = [];
  for (const img of images) ours.push(await api.predict(img));

  const r = await runInBrowser(page, images);
  expect(r.inputs).toEqual(['input']);
  expect(r.outputs).toEqual(['probabilities']);
  expect(r.dims).toEqual([images.length, 10]);
  expect(argmax(r.probs[0])).toBe(shown);
  let worst = 0;
  for (const [i, p] of r.probs.entries()) {
    expect(argmax(p)).toBe(argmax(ours[i]));
    for (let k = 0; k < 10; k++) worst = Math.max(worst, Math.abs(p[k] - ours[i][k]));
  }
  console.log(`[onnx e2e] largest |app − onnxruntime-web| over ${images.length} images: ${worst.toExponential(2)}`);
  // The app predicts on WebGL or its CPU copy; both are float32, like onnxruntime's WASM kernels.
  expect(worst).toBeLessThanOrEqual(1e-3);
});

/** A model Digit Lab imports and runs but ONNX export does not handle: an average-pooling layer. */
function avgPoolModelFiles(): Files {
  const json = {
    format: 'layers-model',
    generatedBy: 'digit-lab e2e fixture',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'avgpool-fixture',
        layers: [
          { class_name: 'AveragePooling2D', config: { name: 'smooth_pool', pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last', batch_input_shape: [null, 28, 28, 1], dtype: 'float32', trainable: true } },
          { class_name: 'Flatten', config: { name: 'flat', dtype: 'float32', trainable: true } },
          { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax', use_bias: true, dtype: 'float32', trainable: true } },
        ],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['./model.weights.bin'], weights: [{ name: 'out/kernel', shape: [196, 10], dtype: 'float32' }, { name: 'out/bias', shape: [10], dtype: 'float32' }] }],
  };
  const r = rng(3);
  const w = new Float32Array(196 * 10 + 10).map(() => (r() - 0.5) * 0.2);
  return { 'avgpool.json': Buffer.from(JSON.stringify(json)), 'model.weights.bin': Buffer.from(w.buffer) };
}

test('a layer ONNX export cannot handle is named in an alert, and nothing is downloaded', async ({ page, library }) => {
  test.setTimeout(240_000);
  await library.open();
  const id = await library.importModel(avgPoolModelFiles(), { measured: true });
  let downloads = 0;
  page.on('download', () => downloads++);
  const row = page.locator(`[data-testid=library-row][data-model-id="${id}"]`);
  await row.getByTestId('library-menu').click();
  await row.getByTestId('library-export-onnx').click();
  const alert = page.getByRole('alert').filter({ hasText: 'ONNX' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('smooth_pool');
  await expect(alert).toContainText('AveragePooling2D');
  expect(downloads).toBe(0);
  // The model itself is untouched and still in the library.
  await expect(row).toBeVisible();
});
