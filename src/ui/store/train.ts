/** The training dashboard: the form, the run's state and what it produced. The train controller writes it, throttled. */
import type { ArchId, CheckpointInfo, TrainConfig, TrainProgress, TrainResult } from '../../shared/types';
import { defaultForm, type TrainForm } from '../train/form';
import type { CurvePoint, ValPoint } from '../train/series';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends TrainSlice {}
}

/** The `train-status` data-state values (test-hook contract). */
export type TrainState = 'idle' | 'loading' | 'training' | 'stopping' | 'done' | 'error';

/** The latest progress numbers, without the per-batch points. */
export interface TrainStats {
  phase: TrainProgress['phase'];
  epoch: number;
  epochs: number;
  /** Batches done in this run. */
  batches: number;
  batchesPerEpoch: number;
  /** Batches done since the run's first start (a resumed run counts the earlier ones). */
  step: number;
  loaded?: number;
  total?: number;
  samplesPerSec: number;
  etaSec: number | null;
  lr: number;
  /** The final test's progress (phase 'testing'). */
  tested?: number;
  testTotal?: number;
  testSet?: TrainProgress['testSet'];
}

/**
 * Whether the finished run's model was made the one that reads drawings:
 * 'kept' when it scored below the active model, which stays (the user may still choose the run's).
 */
export type Activation = 'none' | 'loading' | 'active' | 'kept' | 'failed';

/** The model that stayed active because the run's scored lower (or was not tested). */
export interface KeptModel {
  id: string;
  name: string;
  testAccuracy: number | null;
}

/** The current (or last) run: what each state has, and only that. */
export type TrainRun =
  | { state: 'idle' }
  | { state: 'loading' | 'training' | 'stopping'; config: TrainConfig }
  | { state: 'done'; config: TrainConfig | null; result: TrainResult; activation: Activation; kept: KeptModel | null }
  | { state: 'error'; config: TrainConfig | null; error: string };

/** The run's config (null before the first run). */
export const runConfigOf = (r: TrainRun): TrainConfig | null => (r.state === 'idle' ? null : r.config);
/** What a finished run produced (null unless done). */
export const runResultOf = (r: TrainRun): TrainResult | null => (r.state === 'done' ? r.result : null);
/** Why the run failed (null unless it did). */
export const runErrorOf = (r: TrainRun): string | null => (r.state === 'error' ? r.error : null);
/** Whether the finished run's model reads drawings ('none' unless done). */
export const activationOf = (r: TrainRun): Activation => (r.state === 'done' ? r.activation : 'none');
/** The model that stayed active instead of the finished run's (null unless kept). */
export const keptOf = (r: TrainRun): KeptModel | null => (r.state === 'done' ? r.kept : null);

export interface TrainSlice {
  trainForm: TrainForm;
  trainRun: TrainRun;
  trainStats: TrainStats | null;
  trainCurve: CurvePoint[];
  /** Bumped whenever a run's history is stored (the library re-reads the list). */
  trainRunsRevision: number;
  trainVal: ValPoint[];
  /** (global batch, seconds of training) of the current run, written with the curve (compare runs by wall time). */
  trainClock: { x: number; t: number }[];
  /** Batches folded into each plotted point. */
  trainBucket: number;
  /** A stored checkpoint that can be resumed; null when none (or not known yet). */
  trainCheckpoint: CheckpointInfo | null;
  trainCheckpointChecked: boolean;

  setTrainForm(patch: Partial<TrainForm>): void;
  /** Picks an architecture and fills the form with its recipe. */
  pickTrainArch(arch: ArchId): void;
  // A run's transitions (the train controller is their only caller).
  /** A run (or a resumed one) begins: loading data, nothing measured yet. */
  runStarted(config: TrainConfig, checkpoint: CheckpointInfo | null): void;
  /** Progress: the numbers and any new curve points. */
  runProgress(progress: RunProgress): void;
  /** Data loaded and batches running (after `runStarted`). */
  runTraining(): void;
  /** The user asked to stop; the run ends after its current batch. */
  runStopping(): void;
  /** The run ended and saved its model (its checkpoint is gone). */
  runFinished(result: TrainResult): void;
  /** The run failed; `message` is what the user is told. */
  runFailed(message: string): void;
  /** Whether the finished run's model now reads drawings; `kept` names the active model that stayed instead. */
  runActivation(activation: Activation, kept?: KeptModel | null): void;
  /** The run's history was stored (the library re-reads its list). */
  runRecorded(): void;
  /** What the lab says about a resumable checkpoint (null: none). */
  checkpointKnown(checkpoint: CheckpointInfo | null): void;
}

/** What one progress write carries. */
export type RunProgress = Partial<Pick<TrainSlice, 'trainStats' | 'trainCurve' | 'trainBucket' | 'trainClock' | 'trainVal'>>;

export const createTrainSlice: SliceCreator<TrainSlice> = (set) => ({
  trainForm: defaultForm(),
  trainRun: { state: 'idle' },
  trainStats: null,
  trainCurve: [],
  trainRunsRevision: 0,
  trainVal: [],
  trainClock: [],
  trainBucket: 1,
  trainCheckpoint: null,
  trainCheckpointChecked: false,

  setTrainForm(patch) {
    set((s) => ({ trainForm: { ...s.trainForm, ...patch } }));
  },

  pickTrainArch(arch) {
    set({ trainForm: defaultForm(arch) });
  },

  runStarted(config, checkpoint) {
    set({ trainRun: { state: 'loading', config }, trainStats: null, trainCheckpoint: checkpoint });
  },

  runProgress(progress) {
    set(progress);
  },

  runTraining() {
    set((s) => (s.trainRun.state === 'loading' ? { trainRun: { state: 'training', config: s.trainRun.config } } : {}));
  },

  runStopping() {
    set((s) => (s.trainRun.state === 'loading' || s.trainRun.state === 'training' ? { trainRun: { state: 'stopping', config: s.trainRun.config } } : {}));
  },

  runFinished(result) {
    set((s) => ({ trainRun: { state: 'done', config: runConfigOf(s.trainRun), result, activation: 'loading', kept: null }, trainCheckpoint: null }));
  },

  runFailed(message) {
    set((s) => ({ trainRun: { state: 'error', config: runConfigOf(s.trainRun), error: message } }));
  },

  runActivation(activation, kept = null) {
    set((s) => (s.trainRun.state === 'done' ? { trainRun: { ...s.trainRun, activation, kept } } : {}));
  },

  runRecorded() {
    set((s) => ({ trainRunsRevision: s.trainRunsRevision + 1 }));
  },

  checkpointKnown(checkpoint) {
    set({ trainCheckpoint: checkpoint, trainCheckpointChecked: true });
  },
});
