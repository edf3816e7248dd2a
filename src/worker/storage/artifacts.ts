/**
 * A model's checked files as artifacts (topology, weight specs, weight bytes)
 * with its library entry, without building a tfjs model: no backend is needed,
 * so the infer worker can answer with the plain-JS engine before WebGL is up.
 * Null where this quick way does not apply (browser storage kept in memory, an
 * entry or file that is not there): the caller then loads the model the usual
 * way, which reports what is wrong.
 */
import * as tf from '../tf';
import type { ModelInfo, ModelMeta } from '../../shared/types';
import { SHIPPED_ID } from '../../shared/library-keys';
import { storageStatus } from './health';
import { modelUrl, readIndex, shippedInfo } from './library';
import { fetchMeta, fetchShippedFiles, readShipped, SHIPPED_JSON } from './shipped-files';
import { artifactsFromFiles } from './validate';

export interface OpenedFiles {
  artifacts: tf.io.ModelArtifacts;
  info: ModelInfo;
  meta: ModelMeta | null;
}

/** The shipped model's files, checked as `loadShipped` checks them (errors name the file). */
async function shippedFiles(baseUrl: string): Promise<OpenedFiles | null> {
  const { dir, text, files } = await fetchShippedFiles(baseUrl);
  const artifacts = await readShipped(() => artifactsFromFiles(text, files, SHIPPED_JSON));
  const [info, meta] = await Promise.all([shippedInfo(baseUrl), fetchMeta(dir)]);
  if (!info) return null;
  // As loadShipped counts them: every weight, from the files themselves.
  const params = (artifacts.weightSpecs ?? []).reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
  return { artifacts, info: { ...info, params }, meta };
}

/** A stored model's artifacts straight from IndexedDB (null in memory mode, or when it is not there). */
async function storedFiles(id: string): Promise<OpenedFiles | null> {
  if ((await storageStatus()).mode === 'memory') return null;
  const info = (await readIndex()).find((m) => m.id === id);
  const handler = tf.io.getLoadHandlers(modelUrl(id))[0];
  if (!info || !handler?.load) return null;
  try {
    return { artifacts: await handler.load(), info, meta: null };
  } catch {
    return null;
  }
}

/** The model's files without building it; null when they have to be loaded the usual way. */
export function openFiles(baseUrl: string, id: string): Promise<OpenedFiles | null> {
  return id === SHIPPED_ID ? shippedFiles(baseUrl) : storedFiles(id);
}
