/** What `train-status` says while a race is on (or was the last thing the lab did): data-race, both sides' batches. */
import { useStore } from '../store';
import { isRunning } from '../train/running';
import type { TrainState } from '../store/train';

export interface RaceStatus {
  state: TrainState;
  batches: [number, number];
  samplesPerSec: number;
  text: string;
}

/** The race's status for the Run card, or null when the card shows a single run. */
export function useRaceStatus(): RaceStatus | null {
  const raceState = useStore((s) => s.raceState);
  const trainState = useStore((s) => s.trainRun.state);
  const a = useStore((s) => s.raceSides[0].stats);
  const b = useStore((s) => s.raceSides[1].stats);
  const shown = isRunning(raceState) || (raceState !== 'idle' && trainState === 'idle');
  if (!shown) return null;
  const batches: [number, number] = [a?.batches ?? 0, b?.batches ?? 0];
  const text = isRunning(raceState) ? `Racing: A has trained ${batches[0]} batches, B ${batches[1]}.` : raceState === 'done' ? `The race ended: A ${batches[0]} batches, B ${batches[1]}. Both models are in the library.` : 'The race failed.';
  return { state: raceState, batches, samplesPerSec: (a?.samplesPerSec ?? 0) + (b?.samplesPerSec ?? 0), text };
}
