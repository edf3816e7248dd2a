/** Files in and out of the page: sorting a user's picked files into a model, downloads, the run-history CSV. */
import type { ModelMeta } from '../../shared/types';
import type { CurvePoint, ValPoint } from '../train/series';

/** What the picker hands us (a File, or anything shaped like one in tests). */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface ImportFiles {
  modelJson: string;
  weightFiles: { name: string; data: ArrayBuffer }[];
  name: string;
  meta: ModelMeta | null;
}

const MAX_JSON = 32 * 1024 * 1024;

/**
 * Sorts picked files into model.json, weight files and an optional meta.json.
 * Throws with a sentence for the user when the pick cannot be a model; the
 * worker checks the contents.
 */
export async function pickImportFiles(files: PickedFile[]): Promise<ImportFiles> {
  if (files.length === 0) throw new Error('No files were picked. Pick model.json together with its weights file (.bin).');
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  const bins = files.filter((f) => !/\.json$/i.test(f.name));
  let meta: ModelMeta | null = null;
  const candidates: { file: PickedFile; text: string }[] = [];
  for (const f of jsons) {
    if (f.size > MAX_JSON) throw new Error(`${f.name} is ${(f.size / 1048576).toFixed(0)} MB: too big to be a model description.`);
    const text = await f.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if ((parsed as ModelMeta | null)?.format === 'digit-lab-model-meta') meta = parsed as ModelMeta;
    else candidates.push({ file: f, text });
  }
  if (candidates.length === 0) throw new Error('model.json is missing: pick model.json together with its weights file (.bin).');
  if (candidates.length > 1) throw new Error(`Pick one model at a time (got ${candidates.map((c) => c.file.name).join(', ')}).`);
  const weightFiles = await Promise.all(bins.map(async (f) => ({ name: f.name, data: await f.arrayBuffer() })));
  const base = candidates[0].file.name.replace(/\.json$/i, '');
  const name = (meta?.name?.trim() || (base && base !== 'model' ? base : 'Imported model')).slice(0, 80);
  return { modelJson: candidates[0].text, weightFiles, name, meta };
}

export interface Download {
  name: string;
  type: string;
  data: string | ArrayBuffer;
}

/** Downloads files through Blob URLs and <a download>, one click each (spaced so browsers take them all). */
export async function downloadFiles(files: Download[]): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 250));
    const url = URL.createObjectURL(new Blob([f.data], { type: f.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(6))));

/** The run's curves as CSV: one row per plotted point (each the mean of `bucket` batches), validation at epoch ends. */
export function historyCsv(curve: CurvePoint[], val: ValPoint[], bucket: number): string {
  const rows = new Map<number, string[]>();
  for (const p of curve) rows.set(p.x, [String(p.x), num(p.loss), num(p.acc), num(p.lossEma), num(p.accEma), '', '', '']);
  for (const v of val) {
    const r = rows.get(v.x) ?? [String(v.x), '', '', '', '', '', '', ''];
    r[5] = String(v.epoch);
    r[6] = num(v.loss);
    r[7] = num(v.acc);
    rows.set(v.x, r);
  }
  const head = `batch,loss_mean_of_${bucket},acc_mean_of_${bucket},loss_smoothed,acc_smoothed,epoch,val_loss,val_acc`;
  return [head, ...[...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r.join(','))].join('\n') + '\n';
}

/** Bytes as a short human string. */
export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
