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
}

/** Whether the finished run's model was made the one that reads drawings. */
export type Activation = 'none' | 'loading' | 'active' | 'failed';

export interface TrainSlice {
  trainForm: TrainForm;
  trainState: TrainState;
  trainStats: TrainStats | null;
  /** Config of the current (or last) run. */
  trainRunConfig: TrainConfig | null;
  trainCurve: CurvePoint[];
  /** Bumped whenever a run's history is stored (the library re-reads the list). */
  trainRunsRevision: number;
  trainVal: ValPoint[];
  /** (global batch, seconds of training) of the current run, written with the curve (compare runs by wall time). */
  trainClock: { x: number; t: number }[];
  /** Batches folded into each plotted point. */
  trainBucket: number;
  trainResult: TrainResult | null;
  trainError: string | null;
  /** A stored checkpoint that can be resumed; null when none (or not known yet). */
  trainCheckpoint: CheckpointInfo | null;
  trainCheckpointChecked: boolean;
  trainActivation: Activation;

  setTrainForm(patch: Partial<TrainForm>): void;
  /** Picks an architecture and fills the form with its recipe. */
  pickTrainArch(arch: ArchId): void;
  // A run's transitions (the train controller is their only caller).
  /** A run (or a resumed one) begins: loading data, nothing measured yet. */
  runStarted(config: TrainConfig, checkpoint: CheckpointInfo | null): void;
  /** Progress: the numbers, any new curve points, and the state they put the run in. */
  runProgress(progress: RunProgress): void;
  /** The user asked to stop; the run ends after its current batch. */
  runStopping(): void;
  /** The run ended and saved its model (its checkpoint is gone). */
  runFinished(result: TrainResult): void;
  /** The run failed; `message` is what the user is told. */
  runFailed(message: string): void;
  /** Whether the finished run's model now reads drawings. */
  runActivation(activation: Activation): void;
  /** The run's history was stored (the library re-reads its list). */
  runRecorded(): void;
  /** What the lab says about a resumable checkpoint (null: none). */
  checkpointKnown(checkpoint: CheckpointInfo | null): void;
}

/** What one progress write carries. */
export type RunProgress = Partial<Pick<TrainSlice, 'trainStats' | 'trainCurve' | 'trainBucket' | 'trainClock' | 'trainVal'>> & { trainState?: 'loading' | 'training' | 'stopping' };

export const createTrainSlice: SliceCreator<TrainSlice> = (set) => ({
  trainForm: defaultForm(),
  trainState: 'idle',
  trainStats: null,
  trainRunConfig: null,
  trainCurve: [],
  trainRunsRevision: 0,
  trainVal: [],
  trainClock: [],
  trainBucket: 1,
  trainResult: null,
  trainError: null,
  trainCheckpoint: null,
  trainCheckpointChecked: false,
  trainActivation: 'none',

  setTrainForm(patch) {
    set((s) => ({ trainForm: { ...s.trainForm, ...patch } }));
  },

  pickTrainArch(arch) {
    set({ trainForm: defaultForm(arch) });
  },

  runStarted(config, checkpoint) {
    set({ trainState: 'loading', trainRunConfig: config, trainResult: null, trainError: null, trainActivation: 'none', trainStats: null, trainCheckpoint: checkpoint });
  },

  runProgress(progress) {
    set(progress);
  },

  runStopping() {
    set({ trainState: 'stopping' });
  },

  runFinished(result) {
    set({ trainState: 'done', trainResult: result, trainActivation: 'loading', trainCheckpoint: null });
  },

  runFailed(message) {
    set({ trainState: 'error', trainError: message });
  },

  runActivation(activation) {
    set({ trainActivation: activation });
  },

  runRecorded() {
    set((s) => ({ trainRunsRevision: s.trainRunsRevision + 1 }));
  },

  checkpointKnown(checkpoint) {
    set({ trainCheckpoint: checkpoint, trainCheckpointChecked: true });
  },
});
