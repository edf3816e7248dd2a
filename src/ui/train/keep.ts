/** Whether a finished run's model replaces the active one. */
import type { TrainResult } from '../../shared/types';
import type { State } from '../store/state';
import type { KeptModel } from '../store/train';

/**
 * The active model that should stay active instead of the run's: one that is
 * loaded and scored higher on the test set than the run did, or any loaded
 * model when the run was not tested (or the active one was never measured, so
 * nothing says the run is as good). Null: activate the run's model.
 */
export function keepCurrent(s: Pick<State, 'modelInfo' | 'modelReady'>, result: Pick<TrainResult, 'model' | 'test'>): KeptModel | null {
  const cur = s.modelInfo;
  if (!cur || !s.modelReady || cur.id === result.model.id) return null;
  const runAcc = result.test?.accuracy ?? null;
  if (runAcc !== null && cur.testAccuracy !== null && runAcc >= cur.testAccuracy) return null;
  return { id: cur.id, name: cur.name, testAccuracy: cur.testAccuracy };
}
