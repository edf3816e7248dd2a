/**
 * The runs a comparison can pick: the stored histories (each checked, a
 * damaged one is listed with why and never plotted) and the run in progress.
 * Also the comparison's settings table and its CSV, both pure.
 */
import type { TrainConfig } from '../../shared/types';
import { ZOO } from '../../shared/zoo';
import type { Kv } from '../storage/kv';
import type { RunRecord } from '../train/runs';
import type { CurvePoint } from '../train/series';
import { secondsAt, type OverlayRun } from './overlay';

/** The id the run in progress (or just finished, not yet stored) goes by. */
export const CURRENT = 'current';

/** A run that can be plotted. */
export interface CompareRun extends OverlayRun {
  name: string;
  finishedAt: number | null;
  config: TrainConfig;
  stoppedEarly: boolean;
  live: boolean;
  samplesSeen: number;
  testAccuracy: number | null;
  /** On the held-out drawn digits (null: not measured, or a run stored before it was). */
  strokeAccuracy: number | null;
  valAccuracy: number | null;
  /** False when the time axis is spread evenly (a run stored before clocks were recorded). */
  timed: boolean;
}

/** A stored entry that could not be read as a run. */
export interface DamagedRun {
  id: string;
  name: string;
  why: string;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why a stored value cannot be compared, or null when it can. */
export function damage(v: unknown): string | null {
  const r = v as Partial<RunRecord> | null;
  if (!r || typeof r !== 'object') return 'the entry is not a run';
  if (typeof r.id !== 'string' || !r.id) return 'it has no id';
  const c = r.config as Partial<TrainConfig> | undefined;
  if (!c || typeof c !== 'object' || typeof c.arch !== 'string' || !(c.arch in ZOO)) return 'its settings are missing or name an unknown architecture';
  if (!finite(c.batchSize) || c.batchSize < 1) return 'its batch size is missing';
  if (!Array.isArray(r.curve)) return 'its curve is missing';
  if (r.curve.length === 0) return 'its curve is empty';
  let prev = 0;
  for (const p of r.curve as unknown[]) {
    const q = p as Partial<CurvePoint> | null;
    if (!q || !finite(q.x) || q.x <= prev || !finite(q.lossEma) || !finite(q.accEma) || !finite(q.loss) || !finite(q.acc)) return 'its curve has unreadable points';
    prev = q.x;
  }
  if (!finite(r.finishedAt)) return 'it has no date';
  return null;
}

/** A checked stored run as a comparable one. */
export function fromRecord(r: RunRecord): CompareRun {
  const clock = Array.isArray(r.clock) ? r.clock.filter((c) => finite(c?.x) && finite(c?.t)) : [];
  return {
    key: r.id,
    name: r.name,
    finishedAt: r.finishedAt,
    config: r.config,
    stoppedEarly: !!r.stoppedEarly,
    live: false,
    curve: r.curve,
    batchSize: r.config.batchSize,
    bucket: finite(r.bucket) && r.bucket >= 1 ? r.bucket : 1,
    clock,
    timed: clock.length > 0,
    wallTimeSec: finite(r.wallTimeSec) ? r.wallTimeSec : 0,
    samplesSeen: finite(r.samplesSeen) ? r.samplesSeen : r.curve.at(-1)!.x * r.config.batchSize,
    testAccuracy: finite(r.testAccuracy) ? r.testAccuracy : null,
    strokeAccuracy: finite(r.strokeAccuracy) ? r.strokeAccuracy : null,
    valAccuracy: Array.isArray(r.val) && finite(r.val.at(-1)?.acc) ? r.val.at(-1)!.acc : null,
  };
}

/** Every stored run, readable ones newest first, and the damaged ones with why. */
export async function loadRuns(store: Kv<RunRecord>): Promise<{ runs: CompareRun[]; damaged: DamagedRun[] }> {
  const all = (await store.all()) as unknown[];
  const runs: CompareRun[] = [];
  const damaged: DamagedRun[] = [];
  for (const [i, v] of all.entries()) {
    const why = damage(v);
    const r = v as Partial<RunRecord> | null;
    if (why) damaged.push({ id: typeof r?.id === 'string' ? r.id : `damaged-${i}`, name: typeof r?.name === 'string' && r.name ? r.name : 'An unnamed run', why });
    else runs.push(fromRecord(v as RunRecord));
  }
  runs.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
  return { runs, damaged };
}

export interface LiveRun {
  config: TrainConfig | null;
  curve: readonly CurvePoint[];
  bucket: number;
  clock: readonly { x: number; t: number }[];
  running: boolean;
  resultId: string | null;
  samplesPerSec: number;
}

/** The run in progress as a comparable one; null before its first point. */
export function fromLive(l: LiveRun): CompareRun | null {
  if (!l.config || l.curve.length === 0) return null;
  const last = l.curve.at(-1)!.x;
  const t = l.clock.at(-1)?.t ?? 0;
  return {
    key: CURRENT,
    name: `${ZOO[l.config.arch].name} (${l.running ? 'running now' : 'this session'})`,
    finishedAt: null,
    config: l.config,
    stoppedEarly: false,
    live: true,
    curve: l.curve,
    batchSize: l.config.batchSize,
    bucket: l.bucket,
    clock: l.clock,
    timed: l.clock.length > 0,
    wallTimeSec: t,
    samplesSeen: last * l.config.batchSize,
    testAccuracy: null,
    strokeAccuracy: null,
    valAccuracy: null,
  };
}

export interface TableRow {
  label: string;
  values: string[];
  /** True when the runs do not all agree. */
  differs: boolean;
  group: 'settings' | 'results';
}

/** Augmentation's parts beyond the affine one, as a recipe lists them. */
const augmentation = (c: TrainConfig) => {
  const extra = [c.elastic ? `elastic ${Math.round(c.elastic * 100)}%` : '', c.thickness ? `thickness ${Math.round(c.thickness * 100)}%` : ''].filter(Boolean);
  return extra.length ? `on (${extra.join(', ')})` : 'on';
};
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);
const secs = (run: CompareRun) => secondsAt(run, run.curve.at(-1)!.x);

/** The settings and results table: one column per run, differing rows marked. */
export function compareTable(runs: readonly CompareRun[]): TableRow[] {
  const row = (group: TableRow['group'], label: string, f: (r: CompareRun) => string): TableRow => {
    const values = runs.map(f);
    return { group, label, values, differs: values.some((v) => v !== values[0]) };
  };
  return [
    row('settings', 'Architecture', (r) => ZOO[r.config.arch].name),
    row('settings', 'Epochs', (r) => String(r.config.epochs)),
    row('settings', 'Batch size', (r) => String(r.config.batchSize)),
    row('settings', 'Learning rate', (r) => String(r.config.learningRate)),
    row('settings', 'Optimizer', (r) => r.config.optimizer),
    row('settings', 'Schedule', (r) => r.config.schedule),
    row('settings', 'Augmentation', (r) => (r.config.augment ? augmentation(r.config) : 'off')),
    row('settings', 'Drawn digits mixed in', (r) => (r.config.strokeShare ? `${Math.round(r.config.strokeShare * 100)}% of each batch` : 'none')),
    row('settings', 'Weight averaging', (r) => (r.config.weightAverage ? `decay ${r.config.weightAverage} a batch` : 'off')),
    row('settings', 'Label smoothing', (r) => String(r.config.labelSmoothing)),
    row('settings', 'Started from', (r) => r.config.initFrom ?? 'fresh weights'),
    row('results', 'Images seen', (r) => r.samplesSeen.toLocaleString('en-US')),
    row('results', 'Training time', (r) => `${secs(r).toFixed(1)} s${r.timed ? '' : ' (total)'}`),
    row('results', 'Samples / s', (r) => (secs(r) > 0 ? Math.round(r.samplesSeen / secs(r)).toLocaleString('en-US') : '–')),
    row('results', 'Final train loss', (r) => r.curve.at(-1)!.lossEma.toFixed(3)),
    row('results', 'Final train accuracy', (r) => pct(r.curve.at(-1)!.accEma)),
    row('results', 'Validation accuracy', (r) => pct(r.valAccuracy)),
    row('results', 'Test accuracy', (r) => pct(r.testAccuracy)),
    row('results', 'Drawn digits accuracy', (r) => pct(r.strokeAccuracy)),
    row('results', 'Ended', (r) => (r.live ? 'in progress' : r.stoppedEarly ? 'stopped' : 'finished')),
  ];
}

const csvCell = (v: string | number | boolean) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The comparison as tidy CSV: one row per plotted point of each run, with the run's settings on every row. */
export function compareCsv(runs: readonly CompareRun[]): string {
  const head = ['run_id', 'run_name', 'arch', 'batch_size', 'learning_rate', 'optimizer', 'augment', 'batch', 'samples', 'seconds', 'loss_smoothed', 'acc_smoothed', 'loss_mean', 'acc_mean'];
  const lines = [head.join(',')];
  const n = (v: number) => String(Number(v.toPrecision(6)));
  for (const r of runs) {
    const c = r.config;
    for (const p of r.curve) {
      lines.push(
        [r.key, r.name, c.arch, c.batchSize, c.learningRate, c.optimizer, c.augment, p.x, p.x * c.batchSize, n(secondsAt(r, p.x)), n(p.lossEma), n(p.accEma), n(p.loss), n(p.acc)]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
