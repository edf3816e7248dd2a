/**
 * The pretrain guard: the shipped model is replaced only by one that is no
 * worse on the MNIST test set and no worse on the held-out stroke set,
 * measured on the same images. Anything else keeps the old model and says why.
 */

const pct = (s) => `${((100 * s.correct) / s.count).toFixed(2)}%`;

/**
 * Decides whether `candidate` may replace `current` in the model folder.
 * Each is { mnist: {correct, count}, strokes: {correct, count, set?: {fingerprint}} }; `current` is null when nothing is there.
 * Returns { replace, reasons } (reasons: sentences for the log, one per set).
 */
export function guardDecision(current, candidate) {
  const missing = ['mnist', 'strokes'].filter((k) => !(candidate?.[k]?.count > 0));
  if (missing.length) return { replace: false, reasons: [`the new model has no ${missing.join(' or ')} figure, so it cannot be checked`] };
  if (!current) return { replace: true, reasons: ['no model there yet'] };
  const reasons = [];
  let replace = true;
  for (const [key, name] of [['mnist', 'MNIST test'], ['strokes', 'held-out strokes']]) {
    const [a, b] = [current[key], candidate[key]];
    if (!(a?.count > 0)) {
      replace = false;
      reasons.push(`${name}: the model there has no figure to compare with`);
    } else if (a.count !== b.count || (a.set?.fingerprint ?? null) !== (b.set?.fingerprint ?? null)) {
      replace = false;
      reasons.push(`${name}: measured on different images (${a.count}${a.set ? ` [${a.set.fingerprint}]` : ''} vs ${b.count}${b.set ? ` [${b.set.fingerprint}]` : ''}), not comparable`);
    } else if (b.correct < a.correct) {
      replace = false;
      reasons.push(`${name}: ${pct(b)} is worse than ${pct(a)} (${a.correct - b.correct} fewer right of ${a.count})`);
    } else reasons.push(`${name}: ${pct(b)}, ${b.correct === a.correct ? 'the same as' : 'better than'} ${pct(a)}`);
  }
  return { replace, reasons };
}

/** One log line for a decision. */
export function describeDecision(d, where) {
  return d.replace ? `writing ${where}: ${d.reasons.join('; ')}` : `kept the model in ${where}: ${d.reasons.join('; ')}`;
}
