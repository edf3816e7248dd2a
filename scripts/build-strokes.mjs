#!/usr/bin/env node
/**
 * Writes the stroke digits (src/shared/strokes) as shards in MNIST's shard
 * format under public/data/strokes/, so the worker trains on and scores them
 * exactly as it does MNIST:
 *
 *   train  20,000 drawings, train part, seed 1 (a share of each training batch),
 *          then the sets of one style of strokes/parts.mjs's STROKE_EXTRA (none today)
 *   val     1,000 drawings, train part, seed 2 (never the held-out drawings)
 *   test    the fixed held-out set (seed 16, 2,500, balanced): the stroke score
 *
 * Each image is what the app's own strokesToInput makes of the drawing,
 * quantised to bytes like MNIST. Rebuilds only when the generator, the
 * preprocessing or these sizes changed (about 40 s of one core), and writes
 * into a temporary folder that replaces the old one only when complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STROKE_EXTRA, STROKE_PARTS, trainDrawings } from './strokes/parts.mjs';

const FORMAT_VERSION = 1;
const SHARD = 5000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.STROKES_OUT ?? join(root, 'public/data/strokes');
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** A key over everything the images depend on: the generator's and preprocessing's sources and the parts' sizes. */
function sourceKey() {
  const dir = join(root, 'src/shared/strokes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort().map((f) => join(dir, f));
  files.push(join(root, 'src/shared/preprocess.ts'), join(root, 'src/shared/rng.ts'));
  const h = createHash('sha256');
  for (const f of files) h.update(`${f.slice(root.length)}:${sha256(readFileSync(f))};`);
  h.update(JSON.stringify({ ...STROKE_PARTS, extra: STROKE_EXTRA }));
  return `${h.digest('hex')}:v${FORMAT_VERSION}`;
}

function upToDate(key) {
  const path = join(outDir, 'manifest.json');
  if (!existsSync(path)) return false;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8'));
    if (m.sourceKey !== key) return false;
    return Object.values(m.splits).flat().every((s) => existsSync(join(outDir, s.file)) && statSync(join(outDir, s.file)).size === s.bytes);
  } catch {
    return false;
  }
}

async function main() {
  const key = sourceKey();
  if (!process.argv.includes('--force') && upToDate(key)) {
    console.log(`Stroke shards up to date in ${outDir}`);
    return;
  }
  const t0 = Date.now();
  const { loadStrokes } = await import('./strokes/lib.mjs');
  const s = await loadStrokes();
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const splits = { train: [], val: [], test: [] };
  const write = (split, set) => {
    const { images, labels } = s.toInputs(set);
    for (let from = 0, k = 0; from < labels.length; from += SHARD, k++) {
      const n = Math.min(SHARD, labels.length - from);
      const body = Buffer.alloc(n * 785);
      for (let i = 0; i < n * 784; i++) body[i] = Math.round(images[from * 784 + i] * 255);
      body.set(labels.subarray(from, from + n), n * 784);
      const file = `${split === 'test' ? 'held-out' : split}-${String(k).padStart(2, '0')}.bin`;
      writeFileSync(join(tmp, file), body);
      const counts = new Array(10).fill(0);
      for (let i = from; i < from + n; i++) counts[labels[i]]++;
      splits[split].push({ file, count: n, bytes: body.length, sha256: sha256(body), classCounts: counts });
    }
  };
  write('train', trainDrawings(s));
  write('val', s.strokeSet(STROKE_PARTS.val));
  write('test', s.heldOutSet());
  const manifest = {
    format: 'digit-lab-mnist',
    formatVersion: FORMAT_VERSION,
    source: 'Digit Lab stroke generator (src/shared/strokes) through the app\'s strokesToInput; "test" is the fixed held-out set',
    sourceKey: key,
    imageShape: [28, 28],
    layout: 'N*784 uint8 pixels (row-major, 0 = background) then N uint8 labels',
    parts: { ...STROKE_PARTS, trainExtra: STROKE_EXTRA, test: s.HELD_OUT },
    splits,
  };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(tmp, outDir);
  const total = Object.values(splits).flat().reduce((a, x) => a + x.count, 0);
  console.log(`Wrote ${total} stroke digits in ${Object.values(splits).flat().length} shards to ${outDir} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

try {
  await main();
} catch (e) {
  console.error(`build-strokes: ${e.message}`);
  process.exit(1);
}
