/**
 * The user's own labelled drawings ("samples"): their shape, the versioned
 * export file and its validation, and the held-out split. Pure: the page
 * stores and shows them, the worker trains on them, tests read them.
 */
import type { Point, Stroke } from './preprocess';

/** Pixels in a sample's image (28×28). */
export const SAMPLE_PIXELS = 784;

/** One labelled drawing. */
export interface Sample {
  id: string;
  /** The digit it is, 0..9. */
  label: number;
  /** The strokes in unit coordinates: the square canvas has side 1. */
  strokes: Stroke[];
  /** The 28×28 network input made from them when saved (white on black, 0..1). */
  image: Float32Array;
  /** When it was saved, ms since the epoch. */
  createdAt: number;
}

export const SAMPLES_FORMAT = 'digit-lab-samples';
export const SAMPLES_FORMAT_VERSION = 1;

/** A sample as written in an export file: compact, readable JSON. */
export interface SampleJson {
  id: string;
  label: number;
  /** ISO time. */
  createdAt: string;
  /** Each point is [x, y] or [x, y, pressure], unit coordinates. */
  strokes: number[][][];
  /** 784 whole numbers 0..255, row-major. */
  image: number[];
}

/** An export file (version 1). */
export interface SamplesFile {
  format: typeof SAMPLES_FORMAT;
  formatVersion: typeof SAMPLES_FORMAT_VERSION;
  exportedAt: string;
  count: number;
  samples: SampleJson[];
}

/** True for a whole number 0..9: the only labels a sample can have. */
export function isDigitLabel(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9;
}

/** A fresh, unique-enough id for a sample. */
export function newSampleId(now = Date.now()): string {
  return `s-${now.toString(36)}-${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

/** Strokes in CSS px of a square view of side `viewSize` → unit coordinates (rounded to 1/10000). */
export function normalizeStrokes(strokes: readonly Stroke[], viewSize: number): Stroke[] {
  const r = (v: number) => Math.round((v / viewSize) * 10000) / 10000;
  return strokes
    .filter((s) => s.length > 0)
    .map((s) =>
      s.map((p) => {
        const q: Point = { x: r(p.x), y: r(p.y) };
        if (p.pressure !== undefined) q.pressure = Math.round(p.pressure * 1000) / 1000;
        return q;
      }),
    );
}

/** Total points in the strokes. */
export const pointCount = (strokes: readonly Stroke[]) => strokes.reduce((a, s) => a + s.length, 0);

/** A sample → its export form. */
export function sampleToJson(s: Sample): SampleJson {
  return {
    id: s.id,
    label: s.label,
    createdAt: new Date(s.createdAt).toISOString(),
    strokes: s.strokes.map((st) => st.map((p) => (p.pressure === undefined ? [p.x, p.y] : [p.x, p.y, p.pressure]))),
    image: Array.from(s.image, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)),
  };
}

/** All samples → the export file. */
export function samplesToFile(samples: readonly Sample[], now = new Date()): SamplesFile {
  return {
    format: SAMPLES_FORMAT,
    formatVersion: SAMPLES_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    count: samples.length,
    samples: samples.map(sampleToJson),
  };
}

export type ParseResult = { ok: true; samples: Sample[] } | { ok: false; error: string };

/** Most points a stroke list may hold in an imported sample (a generous bound against junk files). */
const MAX_POINTS = 20000;

/**
 * Parses and validates an export file. All or nothing: the first problem is
 * returned in words naming the entry ("Sample 3 (id …): …") and no sample is.
 */
export function parseSamplesFile(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not JSON (${(e as Error).message}).` };
  }
  if (!isObject(raw)) return { ok: false, error: 'The file does not hold a samples export (expected a JSON object).' };
  if (raw.format !== SAMPLES_FORMAT) return { ok: false, error: `The file is not a Digit Lab samples export (its "format" is ${JSON.stringify(raw.format ?? null)}, expected "${SAMPLES_FORMAT}").` };
  if (raw.formatVersion !== SAMPLES_FORMAT_VERSION) {
    return { ok: false, error: `The file is version ${JSON.stringify(raw.formatVersion ?? null)} of the samples format; this Digit Lab reads version ${SAMPLES_FORMAT_VERSION}.` };
  }
  if (!Array.isArray(raw.samples)) return { ok: false, error: 'The file has no "samples" list.' };
  const out: Sample[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < raw.samples.length; i++) {
    const entry = raw.samples[i] as unknown;
    const r = parseSampleJson(entry);
    const id = isObject(entry) && typeof entry.id === 'string' ? ` (id ${JSON.stringify(entry.id.slice(0, 40))})` : '';
    if (typeof r === 'string') return { ok: false, error: `Sample ${i + 1}${id}: ${r}` };
    if (seen.has(r.id)) return { ok: false, error: `Sample ${i + 1}${id}: the id appears twice in the file.` };
    seen.add(r.id);
    out.push(r);
  }
  if (typeof raw.count === 'number' && raw.count !== out.length) {
    return { ok: false, error: `The file says it holds ${raw.count} samples but lists ${out.length}; it may be cut short.` };
  }
  return { ok: true, samples: out };
}

/** One export entry → a sample, or what is wrong with it. */
export function parseSampleJson(v: unknown): Sample | string {
  if (!isObject(v)) return 'it is not an object.';
  if (typeof v.id !== 'string' || v.id.length === 0 || v.id.length > 100) return 'its "id" must be a non-empty string (at most 100 characters).';
  if (!isDigitLabel(v.label)) return `its label ${JSON.stringify(v.label ?? null)} is not a digit 0–9.`;
  const createdAt = typeof v.createdAt === 'string' ? Date.parse(v.createdAt) : typeof v.createdAt === 'number' ? v.createdAt : NaN;
  if (!Number.isFinite(createdAt)) return 'its "createdAt" is not a date.';
  if (!Array.isArray(v.image)) return 'it has no "image" list.';
  if (v.image.length !== SAMPLE_PIXELS) return `its image has ${v.image.length} pixels; a 28×28 image has ${SAMPLE_PIXELS}.`;
  const image = new Float32Array(SAMPLE_PIXELS);
  for (let k = 0; k < SAMPLE_PIXELS; k++) {
    const px = v.image[k] as unknown;
    if (typeof px !== 'number' || !Number.isInteger(px) || px < 0 || px > 255) return `its image pixel ${k} is ${JSON.stringify(px ?? null)}; pixels are whole numbers 0–255.`;
    image[k] = px / 255;
  }
  if (!image.some((p) => p > 0)) return 'its image is blank.';
  if (!Array.isArray(v.strokes) || v.strokes.length === 0) return 'it has no strokes.';
  const strokes: Stroke[] = [];
  let total = 0;
  for (let si = 0; si < v.strokes.length; si++) {
    const s = v.strokes[si] as unknown;
    if (!Array.isArray(s) || s.length === 0) return `its stroke ${si + 1} is not a list of points.`;
    const pts: Point[] = [];
    for (const p of s as unknown[]) {
      if (!Array.isArray(p) || (p.length !== 2 && p.length !== 3) || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
        return `its stroke ${si + 1} has a point that is not [x, y] or [x, y, pressure].`;
      }
      const [x, y, pressure] = p as number[];
      if (x < -1 || x > 2 || y < -1 || y > 2) return `its stroke ${si + 1} has a point (${x}, ${y}) far outside the canvas (unit coordinates).`;
      pts.push(pressure === undefined ? { x, y } : { x, y, pressure: Math.min(1, Math.max(0, pressure)) });
    }
    total += pts.length;
    if (total > MAX_POINTS) return `its strokes have more than ${MAX_POINTS} points.`;
    strokes.push(pts);
  }
  return { id: v.id, label: v.label, strokes, image, createdAt };
}

/**
 * Splits samples into training and held-out sets: about `fraction` of them,
 * spread over time (every 5th counting back from the second newest), once
 * there are at least `minForHoldout`. The newest sample always trains: it is
 * usually the correction the user just made and wants learned.
 * Both lists come back oldest first.
 */
export function heldOutSplit<T extends { createdAt: number; id: string }>(samples: readonly T[], fraction = 0.2, minForHoldout = 5): { train: T[]; heldOut: T[] } {
  const sorted = samples.slice().sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const k = n >= minForHoldout ? Math.max(1, Math.round(n * fraction)) : 0;
  const step = Math.max(1, Math.round(1 / fraction));
  const out = new Set<number>();
  for (let i = n - 2; i >= 0 && out.size < k; i -= step) out.add(i);
  return { train: sorted.filter((_, i) => !out.has(i)), heldOut: sorted.filter((_, i) => out.has(i)) };
}

/** Counts per digit 0..9. */
export function countByLabel(samples: readonly { label: number }[]): number[] {
  const c = new Array(10).fill(0);
  for (const s of samples) if (isDigitLabel(s.label)) c[s.label]++;
  return c;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
