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

/** Scores the model in `dir` on the held-out strokes (and MNIST test when asked). */
export async function evaluateModelDir(dir, { mnist = false, strokes } = {}) {
  const { scoreSet } = await loadTs('src/shared/strokes/report.ts');
  const model = await loadModelDir(dir);
  try {
    const set = strokes ?? (await heldOutInputs());
    const out = { strokes: { set: set.id, ...scoreSet(set.labels, await predictDigits(model, set.images), set.styles) } };
    if (mnist) {
      const t = mnistTest();
      out.mnist = scoreSet(t.labels, await predictDigits(model, t.images));
    }
    return out;
  } finally {
    model.dispose();
  }
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
