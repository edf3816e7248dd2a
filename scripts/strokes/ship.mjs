/**
 * The figures the pretrain guard compares (guard.mjs), measured in Node: the
 * held-out stroke set through the app's strokesToInput and tfjs's CPU
 * backend, MNIST test from the worker's own evaluation (or meta.json, or
 * measured here when neither has all 10,000 images).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateModelDir } from './eval.mjs';

/** { correct, count } from an accuracy over `count` images. */
export const fromAccuracy = (accuracy, count) => ({ correct: Math.round(accuracy * count), count });

/** Figures of the model in `dir`, or null when there is none. `strokes` is heldOutInputs()'s result. */
export async function figuresOf(dir, strokes) {
  if (!existsSync(join(dir, 'model.json'))) return null;
  let meta = {};
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  } catch {
    // No or unreadable meta.json: MNIST is measured below.
  }
  const trustMeta = typeof meta.testAccuracy === 'number' && meta.testImages === 10000;
  const r = await evaluateModelDir(dir, { strokes, mnist: !trustMeta });
  return {
    mnist: trustMeta ? fromAccuracy(meta.testAccuracy, 10000) : { correct: r.mnist.correct, count: r.mnist.count },
    mnistFrom: trustMeta ? 'meta.json' : 'measured in Node',
    strokes: r.strokes,
  };
}

/** The held-out stroke report of the model in `dir` (MNIST comes from the worker for a new model). */
export async function strokeReportOf(dir, strokes) {
  return (await evaluateModelDir(dir, { strokes })).strokes;
}

/** meta.json fields recording a model's stroke figures. */
export function strokeMeta(report) {
  return {
    strokeAccuracy: report.accuracy,
    strokeImages: report.count,
    strokeSet: report.set,
    strokePerClass: report.perClass.map((c) => +c.accuracy.toFixed(4)),
    strokePairs: report.pairs.slice(0, 6).map((p) => `${p.label}→${p.predicted} ×${p.count}`),
  };
}
