/** A race of two configurations: its form, its state and each side's curves and result. The race controller writes it, throttled. */
import type { ArchId, CheckpointInfo, TrainConfig, TrainResult } from '../../shared/types';
import type { CurvePoint } from '../train/series';
import type { TrainState, TrainStats } from './train';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends RaceSlice {}
}

export interface RaceForm {
  arch: [ArchId, ArchId];
  /** Learning rates as typed. */
  lr: [string, string];
  batchSize: string;
  epochs: string;
}

export interface RaceSide {
  config: TrainConfig | null;
  stats: TrainStats | null;
  curve: CurvePoint[];
  clock: { x: number; t: number }[];
  result: TrainResult | null;
  error: string | null;
}

export interface RaceSlice {
  raceForm: RaceForm;
  /** `train-status` data-state while a race is on or just ended; 'idle' when there has been none. */
  raceState: TrainState;
  raceSides: [RaceSide, RaceSide];
  raceCheckpoint: [CheckpointInfo | null, CheckpointInfo | null] | null;
  setRaceForm(patch: Partial<RaceForm>): void;
  /** Controller-only. */
  patchRace(patch: Partial<Pick<RaceSlice, 'raceState' | 'raceSides' | 'raceCheckpoint'>>): void;
}

export const emptySide = (): RaceSide => ({ config: null, stats: null, curve: [], clock: [], result: null, error: null });

export const createRaceSlice: SliceCreator<RaceSlice> = (set) => ({
  raceForm: { arch: ['mlp', 'linear'], lr: ['0.001', '0.5'], batchSize: '64', epochs: '1' },
  raceState: 'idle',
  raceSides: [emptySide(), emptySide()],
  raceCheckpoint: null,
  setRaceForm(patch) {
    set((s) => ({ raceForm: { ...s.raceForm, ...patch } }));
  },
  patchRace(patch) {
    set(patch);
  },
});
