#!/usr/bin/env node
/**
 * The contact sheet of the stroke styles (docs/strokes.png): for each digit,
 * each style with a few drawings by different writers, rendered by the app's
 * own rasteriser as the canvas shows them, and beside each the 28×28 image
 * the network reads (strokesToInput). Drawings come from the train part
 * (seed 1), never the held-out one.
 *
 *   node scripts/strokes/sheet.mjs [--out docs/strokes.png] [--per-style 3]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStrokes, root } from './lib.mjs';
import { drawText, encodeGreyPng } from './png.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'docs/strokes.png' }, 'per-style': { type: 'string', default: '3' }, cell: { type: 'string', default: '60' } } });
const { STYLES_BY_DIGIT, strokeDigit, preprocess } = await loadStrokes();
const per = Number(args['per-style']);
const cell = Number(args.cell);
const small = 28; // the network's input, one pixel each
const pad = 6;
const label = 16;
const maxStyles = Math.max(...STYLES_BY_DIGIT.map((s) => s.length));
const groupW = per * (cell + small + pad) + 2 * pad;
const width = maxStyles * groupW + pad;
const rowH = label + cell + 2 * pad;
const height = 10 * rowH + pad;
const img = new Uint8Array(width * height).fill(255);

// Collect `per` drawings of every style from the train part, in index order.
const found = new Map();
const want = STYLES_BY_DIGIT.flat().length * per;
let have = 0;
for (let i = 0; have < want; i++) {
  if (i > 20000) throw new Error('sheet: some style never came up in 20,000 drawings');
  const d = strokeDigit({ part: 'train', seed: 1, count: 20010 }, i);
  const list = found.get(d.style) ?? [];
  if (list.length < per) {
    list.push(d);
    found.set(d.style, list);
    have++;
  }
}

const put = (x, y, v) => {
  if (v < img[y * width + x]) img[y * width + x] = v;
};
for (let digit = 0; digit < 10; digit++) {
  const y0 = pad + digit * rowH;
  STYLES_BY_DIGIT[digit].forEach((style, si) => {
    const x0 = pad + si * groupW;
    drawText(img, width, style.id, x0 + pad, y0 + 2, 2, 40);
    found.get(style.id).forEach((d, k) => {
      const cx = x0 + pad + k * (cell + small + pad);
      const cy = y0 + label;
      // The drawing as the canvas shows it: the app's rasteriser at the cell's size, dark ink on a light frame.
      const ink = preprocess.rasterizeStrokes(d.strokes, { width: cell, height: cell, lineWidth: cell * preprocess.LINE_WIDTH_RATIO, scale: cell / d.viewSize });
      for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) img[(cy + y) * width + cx + x] = 248 - Math.round(ink[y * cell + x] * 218);
      for (let t = 0; t < cell; t++) [[cx + t, cy], [cx + t, cy + cell - 1], [cx, cy + t], [cx + cell - 1, cy + t]].forEach(([x, y]) => put(x, y, 200));
      // What the network reads: white on black, as in the app.
      const input = preprocess.strokesToInput(d.strokes, d.viewSize);
      const sy = cy + (cell - small) / 2;
      for (let y = 0; y < small; y++) for (let x = 0; x < small; x++) img[(sy + y) * width + cx + cell + 2 + x] = Math.round(input[y * small + x] * 255);
    });
  });
}
const png = encodeGreyPng(img, width, height);
writeFileSync(resolve(root, args.out), png);
console.log(`wrote ${args.out}: ${width}×${height}, ${(png.length / 1024).toFixed(0)} KB, ${have} drawings of ${STYLES_BY_DIGIT.flat().length} styles`);
