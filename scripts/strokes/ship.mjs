/**
 * The figures the pretrain guard compares (guard.mjs), measured in Node on
 * tfjs's CPU backend for the model there and the new one alike, image by
 * image: MNIST's test scans with the worker's validation scans (15,000 that no
 * run trains on), and the held-out stroke set through the app's strokesToInput.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { heldOutInputs, scoreModelDir } from './eval.mjs';
import { fingerprint, mnistTest, mnistValidation } from './model.mjs';

/** The two sets the guard compares on, as network inputs with labels and an id naming the images. */
export async function guardSets() {
  const [t, v] = [mnistTest(), await mnistValidation()];
  const images = new Float32Array(t.images.length + v.images.length);
  images.set(t.images);
  images.set(v.images, t.images.length);
  const labels = Uint8Array.from([...t.labels, ...v.labels]);
  const mnist = { images, labels, id: { name: 'MNIST test (10,000) + validation (the last 5,000 training images)', count: labels.length, fingerprint: fingerprint(images) } };
  return { mnist, strokes: await heldOutInputs() };
}

/**
 * Figures of the model in `dir` on `sets` (guardSets()), or null when there is none: for each set its report
 * (scoreSet's: accuracy, per class, pairs), `set` naming the images and `right` (1 where this model reads the image right).
 */
export async function figuresOf(dir, sets) {
  return existsSync(join(dir, 'model.json')) ? scoreModelDir(dir, sets) : null;
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

/** meta.json's record of the guard's decision that wrote this model: against what, and each set's paired difference. */
export function guardMeta(current, decision) {
  const pct = (s) => +(100 * s.accuracy).toFixed(2);
  if (!current) return { against: 'nothing (the folder was empty)' };
  return {
    rule: 'better beyond chance on one set, worse beyond chance on neither: exact two-sided sign test on the images only one model reads right, p < 0.05',
    against: { mnistPercent: pct(current.mnist), strokesPercent: pct(current.strokes) },
    ...Object.fromEntries(Object.entries(decision.sets).map(([k, d]) => [k, { onlyNewRight: d.won, onlyOldRight: d.lost, p: +d.p.toPrecision(3), verdict: d.verdict }])),
  };
}
