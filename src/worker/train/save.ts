/** Where a finished run's model goes: the library, as `run-<time><suffix>`, and the page is told. */
import type * as tf from '../tf';
import type { ModelInfo, TrainConfig } from '../../shared/types';
import { ZOO } from '../models/zoo';
import { openModel, state } from '../state';
import { saveToLibrary } from '../storage/library';

/** Stores a finished run's model in the library as `run-<time><suffix>` and tells the page. */
export async function saveRunResult(model: tf.LayersModel, config: TrainConfig, s: { testAccuracy: number | null; strokeAccuracy?: number | null }, suffix = ''): Promise<ModelInfo> {
  const at = Date.now();
  const spec = ZOO[config.arch];
  const info = await saveToLibrary(model, {
    id: `run-${at}${suffix}`,
    name: `${spec.name} · ${new Date(at).toLocaleString()}`,
    arch: config.arch,
    testAccuracy: s.testAccuracy,
    strokeAccuracy: s.strokeAccuracy ?? null,
    ownAccuracy: null,
    createdAt: at,
    builtin: false,
  });
  state.emit({ type: 'model-saved', model: info });
  return info;
}

/** Opens a stored model for a warm start. */
export const openInitialModel = async (id: string): Promise<tf.LayersModel> => (await openModel(id)).model;
