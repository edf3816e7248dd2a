/** The hyperparameter form: text fields as typed, parsed into a TrainConfig with a reason per bad field. */
import type { ArchId, OptimizerId, TrainConfig } from '../../shared/types';
import { configProblem, defaultConfig, DEFAULT_STROKE_SHARE, ZOO } from '../../shared/zoo';
import { TRAIN_IMAGES } from '../../shared/mnist';

/** What the user has typed; numbers stay strings so half-typed values ("0.", "") survive. */
export interface TrainForm {
  arch: ArchId;
  epochs: string;
  batchSize: string;
  learningRate: string;
  optimizer: OptimizerId;
  augment: boolean;
  /** Mix synthetic drawn digits into each batch (the recipe's share, else DEFAULT_STROKE_SHARE). */
  strokes: boolean;
  /** Start from the active model's weights instead of fresh ones (only when it has this architecture). */
  warmStart?: boolean;
  /** Judge and save the run by a moving average of its weights (the recipe's decay, else DEFAULT_WEIGHT_AVERAGE). */
  average?: boolean;
}

/** The active model, as far as starting a run from it goes. */
export interface StartingPoint {
  id: string;
  arch: string;
}

/** The active model as a starting point, or null while none is active (or its architecture is not known yet). */
export const startingPoint = (id: string | null | undefined, arch: string | null | undefined): StartingPoint | null => (id && arch ? { id, arch } : null);

export type NumericField = 'epochs' | 'batchSize' | 'learningRate';
export const NUMERIC_FIELDS: readonly NumericField[] = ['epochs', 'batchSize', 'learningRate'];

/** The form showing a config. */
export function formFromConfig(c: TrainConfig): TrainForm {
  return { arch: c.arch, epochs: String(c.epochs), batchSize: String(c.batchSize), learningRate: String(c.learningRate), optimizer: c.optimizer, augment: c.augment, strokes: (c.strokeShare ?? 0) > 0, warmStart: c.initFrom !== undefined, average: (c.weightAverage ?? 0) > 0 };
}

/** The decay per batch of the weight average when "Average the weights" is on and the recipe names none. */
export const DEFAULT_WEIGHT_AVERAGE = 0.999;

/** The share of each batch that is drawn digits when "Mix in drawn digits" is on for `arch`. */
export const strokeShareFor = (arch: ArchId): number => ZOO[arch].recipe.strokeShare || DEFAULT_STROKE_SHARE;

/** Epochs of a lesson-sized run: minutes, not hours (one epoch of the default CNN reaches about 98%). */
export const LESSON_EPOCHS = 1;

/** The architecture's full recipe (e.g. 8 epochs for the default CNN: about 99.5%, but an hour or two on a software GPU). */
export const fullForm = (arch: ArchId = 'cnn'): TrainForm => formFromConfig(defaultConfig(arch));

/** The default form: the architecture's recipe, lesson-sized (LESSON_EPOCHS); the full recipe is one click away. */
export const defaultForm = (arch: ArchId = 'cnn'): TrainForm => {
  const full = defaultConfig(arch);
  return formFromConfig({ ...full, epochs: Math.min(LESSON_EPOCHS, full.epochs) });
};

/** Strict number parsing: blanks and junk ("12abc") are NaN, not 0 or 12. */
export function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' ? NaN : Number(t);
}

export interface ParsedForm {
  config: TrainConfig;
  /** Why each bad field is bad, in words; empty when the config can be trained. */
  problems: Partial<Record<NumericField, string>>;
  ok: boolean;
}

/** Whether a run of this form can start from the active model: same architecture (an imported model has none of the zoo's). */
export const canWarmStart = (form: TrainForm, active: StartingPoint | null | undefined): active is StartingPoint => !!active && active.arch === form.arch;

/**
 * Parses the form. Each field is judged by the validation the worker uses
 * (`configProblem`), applied to the recipe with only that field changed, so
 * every bad field gets its own reason. With `warmStart` on and an active
 * model of the same architecture, the run starts from that model's weights.
 */
export function parseForm(form: TrainForm, trainImages = TRAIN_IMAGES, active?: StartingPoint | null): ParsedForm {
  const base = defaultConfig(form.arch);
  const values: Record<NumericField, number> = {
    epochs: parseNumber(form.epochs),
    batchSize: parseNumber(form.batchSize),
    learningRate: parseNumber(form.learningRate),
  };
  const problems: ParsedForm['problems'] = {};
  for (const f of NUMERIC_FIELDS) {
    const p = configProblem({ ...base, [f]: values[f] }, trainImages);
    if (p) problems[f] = p;
  }
  const config: TrainConfig = { ...base, ...values, optimizer: form.optimizer, augment: form.augment, strokeShare: form.strokes ? strokeShareFor(form.arch) : 0 };
  // Off is no share at all, so a run without drawn digits has the same config as before they existed.
  if (!config.strokeShare) delete config.strokeShare;
  if (form.average) config.weightAverage = base.weightAverage || DEFAULT_WEIGHT_AVERAGE;
  else delete config.weightAverage;
  if (form.warmStart && canWarmStart(form, active)) config.initFrom = active.id;
  const ok = Object.keys(problems).length === 0 && configProblem(config, trainImages) === null;
  return { config, problems, ok };
}

/** "1 h 04 min", "3 min 05 s", "42 s", "–". */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '–';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "1,234" with the page's locale-independent thousands separator. */
export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "97.4%" (one decimal), "–" for missing. */
export const formatPct = (p: number | null | undefined, digits = 1): string => (p === null || p === undefined || !Number.isFinite(p) ? '–' : `${(p * 100).toFixed(digits)}%`);
