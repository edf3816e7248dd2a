/**
 * Text alternatives for the charts: one sentence with the latest values, for
 * screen readers (and anyone who prefers numbers to a curve).
 */

/** A chart row as the Train dashboard plots it (train/series.ts's ChartRow). */
interface ChartRow {
  x: number;
  lossEma?: number;
  accEma?: number;
  valLoss?: number;
  valAcc?: number;
  epoch?: number;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fmt = (kind: 'loss' | 'acc', v: number) => (kind === 'acc' ? `${(v * 100).toFixed(1)}%` : v.toFixed(3));

/** The Train dashboard's loss or accuracy chart in words: the latest smoothed value, its batch and epoch, and the latest validation value. */
export function curveSummary(rows: readonly ChartRow[], kind: 'loss' | 'acc', batchesPerEpoch: number, ghost = false): string {
  const what = kind === 'acc' ? 'accuracy' : 'loss';
  if (ghost || rows.length === 0) return `No run yet. The dashed curve shows the shape a healthy run’s ${what} takes.`;
  let train: ChartRow | undefined;
  let val: ChartRow | undefined;
  for (let i = rows.length - 1; i >= 0 && (!train || !val); i--) {
    const r = rows[i];
    if (!train && (kind === 'acc' ? r.accEma : r.lossEma) !== undefined) train = r;
    if (!val && (kind === 'acc' ? r.valAcc : r.valLoss) !== undefined) val = r;
  }
  const parts: string[] = [];
  if (train) {
    const v = (kind === 'acc' ? train.accEma : train.lossEma)!;
    const epoch = batchesPerEpoch > 0 ? `, epoch ${(train.x / batchesPerEpoch).toFixed(2)}` : '';
    parts.push(`Training ${what} ${fmt(kind, v)} (smoothed) at batch ${int(train.x)}${epoch}.`);
  }
  if (val) parts.push(`Validation ${what} ${fmt(kind, (kind === 'acc' ? val.valAcc : val.valLoss)!)} after epoch ${val.epoch ?? '?'}.`);
  else parts.push('No validation yet (it is measured after each epoch).');
  return parts.join(' ');
}

/** The fine-tuning loss chart in words: steps so far, first and latest smoothed loss. */
export function tuneSummary(curve: readonly { step: number; loss: number; lossEma: number }[]): string {
  if (curve.length === 0) return 'No fine-tuning steps yet.';
  const last = curve[curve.length - 1];
  const first = curve[0];
  const trend = last.lossEma < first.lossEma ? 'down from' : last.lossEma > first.lossEma ? 'up from' : 'the same as';
  return `Loss after step ${int(last.step)}: ${last.lossEma.toFixed(3)} smoothed (${last.loss.toFixed(3)} this step), ${trend} ${first.lossEma.toFixed(3)} at step ${int(first.step)}.`;
}

/** An overlay of several runs in words: each run's latest smoothed value and where on the x axis it is. */
export function compareSummary(rows: readonly ({ x: number } & Record<string, number>)[], runs: readonly { key: string; name: string }[], kind: 'loss' | 'acc', axis: 'samples' | 'time'): string {
  const what = kind === 'acc' ? 'accuracy' : 'loss';
  const parts: string[] = [];
  for (const run of runs) {
    const key = `${run.key}:${kind}`;
    for (let i = rows.length - 1; i >= 0; i--) {
      const v = rows[i][key];
      if (v === undefined) continue;
      const where = axis === 'samples' ? `${int(rows[i].x)} images` : `${rows[i].x.toFixed(1)} s`;
      parts.push(`${run.name}: ${fmt(kind, v)} at ${where}`);
      break;
    }
  }
  return parts.length ? `Latest smoothed training ${what}. ${parts.join('; ')}.` : `No runs picked: pick runs to compare their ${what}.`;
}
