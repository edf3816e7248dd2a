/**
 * Chooses the "not sure" rule of the Draw tab: runs the shipped model (tfjs
 * CPU backend, the worker's own loader and the page's own preprocessing) on
 * MNIST test digits, on mouse-drawn digit templates, and on drawings that are
 * no digit at all (lines, crosses, scribbles, zigzags), then prints, for a
 * grid of rules "unsure when top < T or top − second < M", how many of each
 * are called unsure. Writes the table to scripts/measure/unsure.json.
 *
 *   npx vitest run --config scripts/measure/vitest.config.ts unsure
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import * as tf from '../../src/worker/tf';
import { modelFromFiles } from '../../src/worker/storage/validate';
import { strokesToInput, type Stroke } from '../../src/shared/preprocess';
import { DIGIT_STROKES } from '../../e2e/fixtures/strokes';
import { jitter, rng } from '../../e2e/fixtures/handwriting.mjs';

const VIEW = 280;
const N_MNIST = Number(process.env.N_MNIST ?? 5000);

type Unit = { x: number; y: number }[][];
const toView = (u: Unit): Stroke[] => u.map((s) => s.map((p) => ({ x: p.x * VIEW, y: p.y * VIEW })));
const poly = (pts: [number, number][]): [number, number][][] => [pts];

/** Things that are not digits, each drawn a few ways. */
function garbage(): { kind: string; strokes: Stroke[] }[] {
  const out: { kind: string; strokes: Stroke[] }[] = [];
  const r = rng(7);
  for (let i = 0; i < 40; i++) {
    // Straight lines at any angle except near-vertical (a vertical line is a fair "1").
    let a = r() * Math.PI;
    if (Math.abs(a - Math.PI / 2) < (25 * Math.PI) / 180) a += (50 * Math.PI) / 180;
    const len = 0.35 + r() * 0.4;
    const [cx, cy] = [0.5 + (r() - 0.5) * 0.2, 0.5 + (r() - 0.5) * 0.2];
    const dx = (Math.cos(a) * len) / 2, dy = (Math.sin(a) * len) / 2;
    out.push({ kind: 'line', strokes: toView(jitter(poly([[cx - dx, cy - dy], [cx + dx, cy + dy]]), 100 + i, { slant: 0 })) });
  }
  for (let i = 0; i < 40; i++) {
    const s = 0.2 + r() * 0.15;
    out.push({ kind: 'cross', strokes: toView(jitter([[[0.5 - s, 0.5 - s], [0.5 + s, 0.5 + s]], [[0.5 + s, 0.5 - s], [0.5 - s, 0.5 + s]]], 200 + i)) });
  }
  for (let i = 0; i < 40; i++) {
    const pts: [number, number][] = [];
    let [x, y] = [0.3 + r() * 0.4, 0.3 + r() * 0.4];
    const n = 6 + Math.floor(r() * 10);
    for (let k = 0; k < n; k++) {
      pts.push([x, y]);
      x = Math.min(0.85, Math.max(0.15, x + (r() - 0.5) * 0.5));
      y = Math.min(0.85, Math.max(0.15, y + (r() - 0.5) * 0.5));
    }
    out.push({ kind: 'scribble', strokes: toView(jitter(poly(pts), 300 + i, { slant: 0 })) });
  }
  for (let i = 0; i < 40; i++) {
    const n = 3 + Math.floor(r() * 4);
    const h = 0.1 + r() * 0.25;
    const pts: [number, number][] = Array.from({ length: n + 1 }, (_, k) => [0.15 + (0.7 * k) / n, 0.5 + (k % 2 ? h : -h) / 2]);
    out.push({ kind: 'zigzag', strokes: toView(jitter(poly(pts), 400 + i)) });
  }
  return out;
}

function mnistTest(n: number): { images: Float32Array[]; labels: number[] } {
  const buf = readFileSync('public/data/mnist/test-00.bin');
  const count = Math.min(n, 5000);
  const images: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const img = new Float32Array(784);
    for (let j = 0; j < 784; j++) img[j] = buf[i * 784 + j] / 255;
    images.push(img);
  }
  const labels = Array.from(buf.subarray(5000 * 784, 5000 * 784 + count));
  return { images, labels };
}

interface Scored {
  group: string;
  p1: number;
  p2: number;
  correct?: boolean;
}

it('measures how the shipped model answers digits and non-digits', async () => {
  await tf.setBackend('cpu');
  const files = new Map([['model.weights.bin', readFileSync('public/models/default/model.weights.bin').buffer as ArrayBuffer]]);
  const model = await modelFromFiles(readFileSync('public/models/default/model.json', 'utf8'), files);
  const score = (images: Float32Array[]): Float32Array[] => {
    const out: Float32Array[] = [];
    for (let i = 0; i < images.length; i += 256) {
      const chunk = images.slice(i, i + 256);
      const flat = new Float32Array(chunk.length * 784);
      chunk.forEach((im, k) => flat.set(im, k * 784));
      const y = tf.tidy(() => model.predict(tf.tensor4d(flat, [chunk.length, 28, 28, 1])) as tf.Tensor);
      const d = y.dataSync() as Float32Array;
      y.dispose();
      for (let k = 0; k < chunk.length; k++) out.push(d.slice(k * 10, k * 10 + 10));
    }
    return out;
  };
  const top2 = (p: Float32Array) => {
    const order = [...p.keys()].sort((a, b) => p[b] - p[a]);
    return { d: order[0], p1: p[order[0]], p2: p[order[1]] };
  };
  const scored: Scored[] = [];

  const mn = mnistTest(N_MNIST);
  score(mn.images).forEach((p, i) => {
    const t = top2(p);
    scored.push({ group: t.d === mn.labels[i] ? 'mnist-right' : 'mnist-wrong', p1: t.p1, p2: t.p2 });
  });

  const drawn: Float32Array[] = [];
  const drawnLabels: number[] = [];
  for (let seed = 0; seed < 20; seed++) {
    for (let d = 0; d < 10; d++) {
      const unit = DIGIT_STROKES[d].map((s) => s.map(([x, y]) => [x, y] as [number, number]));
      drawn.push(strokesToInput(toView(jitter(unit, 1000 + seed * 10 + d)), VIEW)!);
      drawnLabels.push(d);
    }
  }
  score(drawn).forEach((p, i) => {
    const t = top2(p);
    scored.push({ group: t.d === drawnLabels[i] ? 'drawn-right' : 'drawn-wrong', p1: t.p1, p2: t.p2 });
  });

  const junk = garbage();
  score(junk.map((g) => strokesToInput(g.strokes, VIEW)!)).forEach((p, i) => {
    const t = top2(p);
    scored.push({ group: `junk-${junk[i].kind}`, p1: t.p1, p2: t.p2 });
  });

  const groups = [...new Set(scored.map((s) => s.group))];
  const counts = Object.fromEntries(groups.map((g) => [g, scored.filter((s) => s.group === g).length]));
  const rows: Record<string, number | string>[] = [];
  for (const T of [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]) {
    for (const M of [0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6]) {
      const row: Record<string, number | string> = { rule: `top<${T} or margin<${M}` };
      for (const g of groups) {
        const of = scored.filter((s) => s.group === g);
        row[g] = Math.round((1000 * of.filter((s) => s.p1 < T || s.p1 - s.p2 < M).length) / of.length) / 10;
      }
      const junkAll = scored.filter((s) => s.group.startsWith('junk'));
      row['junk-all'] = Math.round((1000 * junkAll.filter((s) => s.p1 < T || s.p1 - s.p2 < M).length) / junkAll.length) / 10;
      rows.push(row);
    }
  }
  console.log('samples per group', counts);
  console.table(rows);
  writeFileSync('scripts/measure/unsure.json', JSON.stringify({ model: 'public/models/default', counts, percentUnsure: rows }, null, 1) + '\n');
  model.dispose();
});
