/**
 * The pretrain guard: the shipped model is replaced only by one that is better
 * than it beyond chance on one of two sets and worse beyond chance on neither:
 * MNIST (the 10,000 test scans and the worker's 5,000 validation scans, which
 * no run trains on) and the held-out stroke digits. Both models answer the same
 * images; "beyond chance" is an exact two-sided sign test (McNemar's) on the
 * images only one of the two reads right, at p < 0.05. A raw count would call
 * a model that reads 3 of 15,000 scans fewer "worse" and let one that reads 3
 * more replace the shipped model on noise (BENCHMARKS, "#16, session 17").
 * Anything else keeps the old model and says why.
 */

/** The significance level a difference must reach. */
export const ALPHA = 0.05;

const pct = (s) => `${((100 * s.correct) / s.count).toFixed(2)}%`;

/**
 * Exact two-sided sign test: the chance of a split at least as uneven as `a` against `b` when each of the a + b
 * images is equally likely to fall either way. 1 when a + b is 0.
 */
export function signTest(a, b) {
  const n = a + b;
  const k = Math.min(a, b);
  if (n === 0) return 1;
  // log C(n, i) - n log 2, summed over i = 0..k in log space (n may be in the thousands).
  let logTerm = -n * Math.LN2;
  let logSum = logTerm;
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(n - i + 1) - Math.log(i);
    const hi = Math.max(logSum, logTerm);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logTerm - hi));
  }
  return Math.min(1, 2 * Math.exp(logSum));
}

/** How `candidate` differs from `current` on one set, image by image (`right`: 1 where the model reads it right). */
export function pairedDifference(current, candidate) {
  let lost = 0;
  let won = 0;
  for (let i = 0; i < current.right.length; i++) {
    if (current.right[i] && !candidate.right[i]) lost++;
    else if (!current.right[i] && candidate.right[i]) won++;
  }
  const p = signTest(lost, won);
  return { lost, won, p, verdict: p < ALPHA ? (won > lost ? 'better' : 'worse') : 'same' };
}

const SETS = [['mnist', 'MNIST'], ['strokes', 'held-out strokes']];

/**
 * Decides whether `candidate` may replace `current` in the model folder.
 * Each is { mnist, strokes }, each set { correct, count, set?: {fingerprint}, right: Uint8Array (per image) };
 * `current` is null when nothing is there.
 * Returns { replace, reasons, sets } (reasons: sentences for the log, one per set; sets: each set's pairedDifference).
 */
export function guardDecision(current, candidate) {
  const missing = SETS.filter(([k]) => !(candidate?.[k]?.count > 0 && candidate[k].right?.length === candidate[k].count)).map(([, name]) => name);
  if (missing.length) return { replace: false, reasons: [`the new model has no per-image ${missing.join(' or ')} figures, so it cannot be checked`], sets: {} };
  if (!current) return { replace: true, reasons: ['no model there yet'], sets: {} };
  const reasons = [];
  const sets = {};
  let comparable = true;
  for (const [key, name] of SETS) {
    const [a, b] = [current[key], candidate[key]];
    if (!(a?.count > 0 && a.right?.length === a.count)) {
      comparable = false;
      reasons.push(`${name}: the model there has no per-image figures to compare with`);
    } else if (a.count !== b.count || (a.set?.fingerprint ?? null) !== (b.set?.fingerprint ?? null)) {
      comparable = false;
      reasons.push(`${name}: measured on different images (${a.count}${a.set ? ` [${a.set.fingerprint}]` : ''} vs ${b.count}${b.set ? ` [${b.set.fingerprint}]` : ''}), not comparable`);
    } else {
      const d = (sets[key] = pairedDifference(a, b));
      const how = { better: 'better beyond chance', worse: 'worse beyond chance', same: 'no difference beyond chance' }[d.verdict];
      reasons.push(`${name}: ${pct(b)} against ${pct(a)} (only the new model right on ${d.won}, only the old on ${d.lost}; sign test p = ${d.p < 0.001 ? d.p.toExponential(1) : d.p.toFixed(3)}): ${how}`);
    }
  }
  if (!comparable) return { replace: false, reasons, sets };
  const verdicts = Object.values(sets).map((d) => d.verdict);
  if (verdicts.includes('worse')) return { replace: false, reasons, sets };
  if (!verdicts.includes('better')) return { replace: false, reasons: [...reasons, 'better on neither set, so nothing is gained by replacing it'], sets };
  return { replace: true, reasons, sets };
}

/** One log line for a decision. */
export function describeDecision(d, where) {
  return d.replace ? `writing ${where}: ${d.reasons.join('; ')}` : `kept the model in ${where}: ${d.reasons.join('; ')}`;
}
