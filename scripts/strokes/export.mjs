#!/usr/bin/env node
/**
 * Writes the stroke digits as MNIST-format IDX files (28×28 bytes, what the
 * app's strokesToInput makes of each drawing) for the PyTorch recipe search
 * (scripts/reference/arch-search.py --strokes DIR) and anything else that
 * reads MNIST: the fixed held-out part, and a train part from its own seed
 * stream that never reproduces a held-out drawing.
 *
 *   node scripts/strokes/export.mjs [--out .cache/strokes] [--train-count 20000] [--train-seed 1] [--weighted-ones]
 *
 * The train part ends with the shards' sets of one style (parts.mjs:
 * STROKE_EXTRA), so PyTorch trains on what the worker trains on;
 * --weighted-ones appends parts.mjs's WEIGHTED_ONES instead (the European 1
 * drawn about 4× as often, issue 16).
 *
 * About 9 ms of one core per drawing (generating and rasterising).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStrokes, root } from './lib.mjs';
import { fingerprint } from './model.mjs';
import { STROKE_EXTRA, WEIGHTED_ONES, trainDrawings } from './parts.mjs';

/** An IDX file of unsigned bytes (MNIST's format) with the given dims. */
export function encodeIdx(dims, bytes) {
  const n = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== n) throw new Error(`encodeIdx: ${bytes.length} bytes for dims ${dims.join('×')}`);
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(0x00000800 | dims.length, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)]);
}

/** Writes `<name>-images-idx3-ubyte`, `<name>-labels-idx1-ubyte` and `<name>-styles.txt`; returns the set's fingerprint. */
export function writeSet(dir, name, set, { images, labels }) {
  const bytes = new Uint8Array(images.length);
  for (let k = 0; k < images.length; k++) bytes[k] = Math.round(images[k] * 255);
  writeFileSync(join(dir, `${name}-images-idx3-ubyte`), encodeIdx([labels.length, 28, 28], bytes));
  writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), encodeIdx([labels.length], labels));
  writeFileSync(join(dir, `${name}-styles.txt`), set.map((d) => d.style).join('\n') + '\n');
  return fingerprint(images);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { out: { type: 'string', default: '.cache/strokes' }, 'train-count': { type: 'string', default: '20000' }, 'train-seed': { type: 'string', default: '1' }, 'weighted-ones': { type: 'boolean', default: false } } });
  const s = await loadStrokes();
  const dir = resolve(root, args.out);
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const held = s.heldOutSet();
  const heldFp = writeSet(dir, 'held-out', held, s.toInputs(held));
  const trainOpts = { part: 'train', seed: Number(args['train-seed']), count: Number(args['train-count']) };
  const extra = args['weighted-ones'] ? WEIGHTED_ONES : STROKE_EXTRA;
  const train = trainDrawings(s, trainOpts, extra);
  writeSet(dir, 'train', train, s.toInputs(train));
  const manifest = {
    format: 'digit-lab-strokes', formatVersion: 1, createdAt: new Date().toISOString(),
    heldOut: { ...s.HELD_OUT, fingerprint: heldFp },
    train: trainOpts,
    trainExtra: extra,
    styles: s.STYLES.map((st) => ({ id: st.id, digit: st.digit, description: st.description })),
    note: 'Images are what the app\'s strokesToInput makes of each drawing, quantised to bytes like MNIST. Never train on held-out-*.',
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  console.log(`wrote ${args.out}: held-out ${held.length} (fingerprint ${heldFp}), train ${train.length} (seed ${trainOpts.seed}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
