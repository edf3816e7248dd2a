#!/usr/bin/env node
/**
 * How a saved model reads the held-out stroke digits (and, with --mnist, the
 * MNIST test set): accuracy, per digit, per style, and the worst confusion
 * pairs. The drawings go through the app's own strokesToInput; the model runs
 * on tfjs's CPU backend in Node (one core: about 45 s of CPU for the strokes, 2 more minutes with --mnist).
 *
 *   node scripts/strokes/eval.mjs [--model public/models/default] [--mnist] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStrokes, loadTs, root } from './lib.mjs';
import { fingerprint, loadModelDir, mnistTest, predictDigits } from './model.mjs';

/** The held-out stroke set as network inputs, its style names and fingerprint. */
export async function heldOutInputs() {
  const s = await loadStrokes();
  const set = s.heldOutSet();
  const { images, labels } = s.toInputs(set);
  return { images, labels, styles: set.map((d) => d.style), id: { ...s.HELD_OUT, fingerprint: fingerprint(images) } };
}

/**
 * Scores the model in `dir` on each of `sets` ({ name: { images, labels, styles?, id? } }): scoreSet's report, the
 * set's id as `set`, and `right` (1 where the model reads the image right, for paired comparisons).
 */
export async function scoreModelDir(dir, sets) {
  const { scoreSet } = await loadTs('src/shared/strokes/report.ts');
  const model = await loadModelDir(dir);
  try {
    const out = {};
    for (const [key, s] of Object.entries(sets)) {
      const predicted = await predictDigits(model, s.images);
      out[key] = { ...(s.id ? { set: s.id } : {}), ...scoreSet(s.labels, predicted, s.styles), right: Uint8Array.from(predicted, (p, i) => (p === s.labels[i] ? 1 : 0)) };
    }
    return out;
  } finally {
    model.dispose();
  }
}

/** Scores the model in `dir` on the held-out strokes (and MNIST test when asked). */
export async function evaluateModelDir(dir, { mnist = false, strokes } = {}) {
  const scored = await scoreModelDir(dir, { strokes: strokes ?? (await heldOutInputs()), ...(mnist ? { mnist: mnistTest() } : {}) });
  return Object.fromEntries(Object.entries(scored).map(([k, { right: _right, ...report }]) => [k, report]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { model: { type: 'string', default: 'public/models/default' }, mnist: { type: 'boolean', default: false }, json: { type: 'string' } } });
  const { formatReport } = await loadTs('src/shared/strokes/report.ts');
  const t0 = Date.now();
  const r = await evaluateModelDir(resolve(root, args.model), { mnist: args.mnist });
  console.log(`model: ${args.model}; held-out stroke set: seed ${r.strokes.set.seed}, ${r.strokes.set.count} drawings, fingerprint ${r.strokes.set.fingerprint}`);
  console.log(formatReport('held-out strokes', r.strokes));
  if (r.mnist) console.log(formatReport('MNIST test', r.mnist));
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (args.json) writeFileSync(resolve(root, args.json), JSON.stringify(r, null, 1) + '\n');
}
