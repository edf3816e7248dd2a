/** Teach: the user's samples, the label bar's feedback, fine-tuning runs and the before/after comparison. The teach controller writes it. */
import type { CompareEntry, FineTunePhase, FineTuneResult } from '../../shared/teach-types';
import type { Sample } from '../../shared/samples';
import { FULL_CONFIG } from '../../shared/teach-defaults';
import type { ModelInfo } from '../../shared/types';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends SamplesSlice {}
}

/** Feedback under the label buttons after a save (or a refusal). */
export interface LabelNote {
  /** saved; refused: empty canvas, bad label, storage failure. */
  kind: 'saved' | 'empty' | 'label' | 'storage';
  tone: 'ok' | 'error';
  text: string;
  /** The saved sample, when one was saved. */
  sampleId?: string;
  label?: number;
  /** What the network had said, when it said something else (a correction). */
  predicted?: number | null;
}

/** "Learn this one now": one quick fine-tuning step on a saved sample. */
export interface QuickLearn {
  state: 'running' | 'done' | 'error';
  sampleId: string;
  label: number;
  /** Top-1 digit and its probability before and after the step. */
  before?: { digit: number; p: number };
  after?: { digit: number; p: number };
  ms?: number;
  error?: string;
}

/** The fine-tuning form; numbers as chosen in the panel. */
export interface TuneSettings {
  /** Share of MNIST images in each batch, 0..0.9. */
  replayRatio: number;
  /** Optimizer steps; null = chosen from the number of samples. */
  steps: number | null;
  learningRate: number;
  /** MNIST test images measured before and after. */
  mnistTestLimit: number;
  batchNorm: 'inference' | 'train';
}

/** The form starts from the worker's own full-run defaults; steps are chosen from the samples, and MNIST is measured on its first 1,000 test digits. */
export const DEFAULT_TUNE_SETTINGS: TuneSettings = {
  replayRatio: FULL_CONFIG.replayRatio,
  steps: null,
  learningRate: FULL_CONFIG.learningRate,
  mnistTestLimit: 1000,
  batchNorm: FULL_CONFIG.batchNorm,
};

/** The `tune-status` data-state values. */
export type TuneState = 'idle' | 'running' | 'stopping' | 'done' | 'error';

export interface TunePoint {
  step: number;
  loss: number;
  /** Exponential moving average of the loss. */
  lossEma: number;
}

/** Both models' answers for the drawing on the canvas. */
export interface Comparison {
  drawVersion: number;
  entries: CompareEntry[];
}

type TuneTransition = 'tuneStarted' | 'tuneProgress' | 'tuneStopping' | 'tuneFinished' | 'tuneFailed';

export interface SamplesSlice {
  /** Oldest first. */
  samples: Sample[];
  samplesStatus: 'idle' | 'loading' | 'ready' | 'error';
  samplesError: string | null;
  labelNote: LabelNote | null;
  quick: QuickLearn | null;
  tuneSettings: TuneSettings;
  tuneState: TuneState;
  tunePhase: FineTunePhase | null;
  tuneStep: number;
  tuneSteps: number;
  tuneSpeed: number;
  tuneVariants: number;
  tuneCurve: TunePoint[];
  tuneResult: FineTuneResult | null;
  tuneError: string | null;
  /** Fine-tuned models in the library (`tuned-*`). */
  tunedModels: ModelInfo[];
  comparison: Comparison | null;

  /** Controller-only: writes teach fields other than a run's (samples, notes, comparison). */
  patchSamples(patch: Partial<Omit<SamplesSlice, 'patchSamples' | 'setTuneSettings' | TuneTransition>>): void;
  // A fine-tuning run's transitions (the teach controller is their only caller).
  /** A run of `steps` steps begins. */
  tuneStarted(steps: number): void;
  tuneProgress(p: { phase: FineTunePhase; step: number; speed: number; variants: number; curve: TunePoint[] }): void;
  tuneStopping(): void;
  /** The run ended, was measured and saved (also: the last result, read back at start). */
  tuneFinished(result: FineTuneResult): void;
  tuneFailed(message: string): void;
  setTuneSettings(patch: Partial<TuneSettings>): void;
}

export const createSamplesSlice: SliceCreator<SamplesSlice> = (set) => ({
  samples: [],
  samplesStatus: 'idle',
  samplesError: null,
  labelNote: null,
  quick: null,
  tuneSettings: DEFAULT_TUNE_SETTINGS,
  tuneState: 'idle',
  tunePhase: null,
  tuneStep: 0,
  tuneSteps: 0,
  tuneSpeed: 0,
  tuneVariants: 0,
  tuneCurve: [],
  tuneResult: null,
  tuneError: null,
  tunedModels: [],
  comparison: null,

  tuneStarted(steps) {
    set({ tuneState: 'running', tunePhase: 'preparing', tuneStep: 0, tuneSteps: steps, tuneSpeed: 0, tuneVariants: 0, tuneCurve: [], tuneError: null });
  },

  tuneProgress(p) {
    set({ tunePhase: p.phase, tuneStep: p.step, tuneSpeed: p.speed, tuneVariants: p.variants, tuneCurve: p.curve });
  },

  tuneStopping() {
    set({ tuneState: 'stopping' });
  },

  tuneFinished(result) {
    set({ tuneState: 'done', tunePhase: null, tuneResult: result, tuneStep: result.steps });
  },

  tuneFailed(message) {
    set({ tuneState: 'error', tunePhase: null, tuneError: message });
  },

  patchSamples(patch) {
    set(patch);
  },

  setTuneSettings(patch) {
    set((s) => ({ tuneSettings: { ...s.tuneSettings, ...patch } }));
  },
});
