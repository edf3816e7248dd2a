/** Scoring a model's answers on a labelled set: accuracy overall, per digit and per style, the confusion matrix and its worst pairs. */

export interface ClassScore {
  count: number;
  correct: number;
  accuracy: number;
}

export interface ConfusionPair {
  label: number;
  predicted: number;
  count: number;
}

export interface SetReport extends ClassScore {
  /** Index = digit. */
  perClass: ClassScore[];
  /** Row-major 10×10: confusion[label * 10 + predicted]. */
  confusion: number[];
  /** Off-diagonal cells, most frequent first (ties: by label, then prediction). */
  pairs: ConfusionPair[];
  /** Per style id, when styles were given. */
  perStyle?: Record<string, ClassScore>;
}

const score = (count: number, correct: number): ClassScore => ({ count, correct, accuracy: count > 0 ? correct / count : 0 });

/** Scores predictions against labels (both digits 0..9); `styles[i]` names drawing i's style. */
export function scoreSet(labels: ArrayLike<number>, predicted: ArrayLike<number>, styles?: readonly string[]): SetReport {
  if (labels.length !== predicted.length) throw new RangeError(`${predicted.length} predictions for ${labels.length} labels`);
  if (styles && styles.length !== labels.length) throw new RangeError(`${styles.length} style names for ${labels.length} labels`);
  const confusion = new Array(100).fill(0);
  const byStyle = new Map<string, [number, number]>();
  for (let i = 0; i < labels.length; i++) {
    const [l, p] = [labels[i], predicted[i]];
    if (!(Number.isInteger(l) && l >= 0 && l <= 9 && Number.isInteger(p) && p >= 0 && p <= 9)) throw new RangeError(`item ${i}: label ${l} or prediction ${p} is not a digit`);
    confusion[l * 10 + p]++;
    if (styles) {
      const s = byStyle.get(styles[i]) ?? [0, 0];
      s[0]++;
      if (l === p) s[1]++;
      byStyle.set(styles[i], s);
    }
  }
  const perClass = Array.from({ length: 10 }, (_, d) => score(confusion.slice(d * 10, d * 10 + 10).reduce((a, b) => a + b, 0), confusion[d * 11]));
  const pairs: ConfusionPair[] = [];
  for (let l = 0; l < 10; l++) for (let p = 0; p < 10; p++) if (l !== p && confusion[l * 10 + p] > 0) pairs.push({ label: l, predicted: p, count: confusion[l * 10 + p] });
  pairs.sort((a, b) => b.count - a.count || a.label - b.label || a.predicted - b.predicted);
  const correct = perClass.reduce((a, c) => a + c.correct, 0);
  return {
    ...score(labels.length, correct),
    perClass,
    confusion,
    pairs,
    ...(styles ? { perStyle: Object.fromEntries([...byStyle].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, [n, c]]) => [k, score(n, c)])) } : {}),
  };
}

/** A plain-text report: overall, per digit, the worst pairs and the weakest styles. */
export function formatReport(name: string, r: SetReport, topPairs = 8): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const lines = [`${name}: ${pct(r.accuracy)} (${r.correct}/${r.count})`];
  lines.push(`  per digit: ${r.perClass.map((c, d) => `${d} ${pct(c.accuracy)}`).join(' · ')}`);
  lines.push(`  worst pairs (label→read as): ${r.pairs.slice(0, topPairs).map((p) => `${p.label}→${p.predicted} ×${p.count}`).join(', ') || 'none'}`);
  if (r.perStyle) {
    const styles = Object.entries(r.perStyle).sort(([, a], [, b]) => a.accuracy - b.accuracy);
    lines.push(`  per style (weakest first): ${styles.map(([s, c]) => `${s} ${pct(c.accuracy)}`).join(' · ')}`);
  }
  return lines.join('\n');
}
