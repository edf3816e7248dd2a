/**
 * Cancellation for the longer "look inside" jobs (map, attack, ablation):
 * each kind has a generation; starting a job of a kind, or `cancelJobs()`,
 * makes older jobs of that kind stale, and a job also goes stale when the
 * lab's model changes under it.
 */
import { state } from '../state';
import type * as tf from '../tf';

export type JobKind = 'embedding' | 'attack' | 'ablation' | 'ablationBase' | 'ablationAnswer';

const generations: Record<JobKind, number> = { embedding: 0, attack: 0, ablation: 0, ablationBase: 0, ablationAnswer: 0 };

export interface Job {
  /** True once a newer job of the same kind started, a cancel came, or the model changed. */
  stale(): boolean;
  /** Throws the `cancelled` error when stale. */
  check(): void;
}

export const cancelledError = () => Object.assign(new Error('Cancelled: the model changed or a newer request replaced this one.'), { code: 'cancelled' as const });

/** Starts a job of `kind` for `model`, making older ones of that kind stale. */
export function startJob(kind: JobKind, model: tf.LayersModel | null = state.model): Job {
  const mine = ++generations[kind];
  const stale = () => mine !== generations[kind] || state.model !== model;
  return {
    stale,
    check() {
      if (stale()) throw cancelledError();
    },
  };
}

/** Makes every running job stale (the page's `inspectCancel`). */
export function cancelJobs(): void {
  for (const k of Object.keys(generations) as JobKind[]) generations[k]++;
}
