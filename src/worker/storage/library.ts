/**
 * The model library: weights through tfjs's indexeddb:// handler, the index of
 * ModelInfo through idb-keyval; in memory when IndexedDB refuses to work.
 * Every write holds the site-wide library lock (weights first, then the
 * index, so an entry never points at missing weights) and is announced to
 * every tab. The shipped model lives at models/default/ and is never stored.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import * as tf from '../tf';
import type { ModelPatch } from '../../shared/protocol';
import type { ModelInfo, ModelMeta } from '../../shared/types';
import { INDEX_KEY, LIBRARY_DB, LIBRARY_STORE, SHIPPED_ID } from '../../shared/library-keys';
import { ModelFileError, groupBytes, modelFromFiles, parseModelJson } from './validate';
import { SHIPPED_JSON, fetchFile, fetchMeta, fetchShippedFiles, readShipped, shippedDir } from './shipped-files';
import { announce, storageError, storageStatus, throwIfSimulatedFull, withLibraryLock } from './health';
import { artifactsOf, joinPeers, memory } from './memory';
import { assertGpuAlive } from '../faults/context';
import { badRequest } from '../errors';

let kv: UseStore | null = null;
function store(): UseStore {
  kv ??= createStore(LIBRARY_DB, LIBRARY_STORE);
  return kv;
}

export const modelUrl = (id: string) => `indexeddb://digit-lab-model/${id}`;

async function inMemory(): Promise<boolean> {
  const s = await storageStatus();
  if (s.mode === 'memory') joinPeers();
  return s.mode === 'memory';
}

/** The library index (stored models only); an empty list when nothing (or no IndexedDB) is there. */
export async function readIndex(): Promise<ModelInfo[]> {
  if (await inMemory()) return memory.index();
  try {
    return (await get<ModelInfo[]>(INDEX_KEY, store())) ?? [];
  } catch {
    return [];
  }
}

async function writeIndex(list: ModelInfo[]): Promise<void> {
  await set(INDEX_KEY, list, store());
}

type NewEntry = Omit<ModelInfo, 'sizeBytes' | 'updatedAt' | 'version' | 'params'> & { version?: number };

/** Saves weights, then the index entry, so an entry never points at missing weights. */
export async function saveToLibrary(model: tf.LayersModel, info: NewEntry): Promise<ModelInfo> {
  assertGpuAlive(`“${info.name}”`);
  const mem = await inMemory();
  const saved = await withLibraryLock(async () => {
    const artifacts = mem ? await artifactsOf(model) : null;
    let bytes: number;
    try {
      throwIfSimulatedFull();
      if (artifacts) {
        const a = tf.io.getModelArtifactsInfoForJSON(artifacts);
        bytes = (a.weightDataBytes ?? 0) + (a.modelTopologyBytes ?? 0);
      } else {
        const res = await model.save(modelUrl(info.id));
        bytes = (res.modelArtifactsInfo.weightDataBytes ?? 0) + (res.modelArtifactsInfo.modelTopologyBytes ?? 0);
      }
    } catch (e) {
      throw storageError(e, `“${info.name}”`);
    }
    const list = mem ? memory.index() : await readIndex();
    const prev = list.find((m) => m.id === info.id);
    const entry: ModelInfo = {
      ...info,
      params: model.countParams(),
      sizeBytes: bytes,
      updatedAt: Date.now(),
      version: Math.max(info.version ?? 0, (prev?.version ?? 0) + 1, Date.now()),
    };
    if (artifacts) memory.put(entry, artifacts);
    else {
      try {
        await writeIndex([...list.filter((m) => m.id !== info.id), entry]);
      } catch (e) {
        // The weights landed but the index did not: take them back out.
        await tf.io.removeModel(modelUrl(info.id)).catch(() => undefined);
        throw storageError(e, `“${info.name}”`);
      }
    }
    return entry;
  });
  announce({ change: 'saved', id: saved.id });
  return saved;
}

export async function loadFromLibrary(id: string): Promise<{ model: tf.LayersModel; info: ModelInfo }> {
  if (await inMemory()) {
    const entry = await memory.fetch(id);
    if (!entry) throw new ModelFileError(`Model "${id}" is not in the library (it was kept in memory and is gone)`, 'model-missing', id);
    return { model: await tf.loadLayersModel(tf.io.fromMemory(entry.artifacts)), info: entry.info };
  }
  const info = (await readIndex()).find((m) => m.id === id);
  if (!info) throw new ModelFileError(`Model "${id}" is not in the library`, 'model-missing', id);
  try {
    return { model: await tf.loadLayersModel(modelUrl(id)), info };
  } catch (e) {
    throw new ModelFileError(`Model "${info.name}" could not be read from browser storage (${(e as Error).message})`, 'model-corrupt', id);
  }
}

/** Accuracies measured for the shipped model (it has no index entry of its own). */
type Overrides = Record<string, Pick<ModelPatch, 'testAccuracy' | 'ownAccuracy' | 'ownCount' | 'strokeAccuracy'>>;
let memOverrides: Overrides = {};

async function readOverrides(): Promise<Overrides> {
  if (await inMemory()) return memOverrides;
  try {
    return (await get<Overrides>('overrides', store())) ?? {};
  } catch {
    return {};
  }
}

/** Renames a model or records its accuracies; the shipped model only takes accuracies. */
export async function updateInLibrary(id: string, patch: ModelPatch): Promise<ModelInfo | null> {
  const clean: ModelPatch = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim().replace(/\s+/g, ' ').slice(0, 80);
    if (!name) throw badRequest('A model needs a name');
    clean.name = name;
  }
  for (const k of ['testAccuracy', 'ownAccuracy', 'strokeAccuracy'] as const) {
    const v = patch[k];
    if (v === undefined) continue;
    if (v !== null && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw badRequest(`${k} must be between 0 and 1`);
    clean[k] = v;
  }
  if (patch.ownCount != null && !(Number.isSafeInteger(patch.ownCount) && patch.ownCount > 0)) throw badRequest('ownCount must be a whole number above 0');
  if (clean.ownAccuracy !== undefined) clean.ownCount = clean.ownAccuracy === null ? null : (patch.ownCount ?? null);
  const mem = await inMemory();
  const updated = await withLibraryLock(async () => {
    if (id === SHIPPED_ID) {
      if (clean.name !== undefined) throw badRequest('The shipped model keeps its name; duplicate it to get a copy you can rename');
      const all = await readOverrides();
      const next = { ...all, [id]: { ...all[id], ...clean } };
      if (mem) memOverrides = next;
      else await set('overrides', next, store()).catch((e) => Promise.reject(storageError(e, 'the measured accuracy')));
      return null;
    }
    const list = await readIndex();
    const prev = list.find((m) => m.id === id);
    if (!prev) throw new ModelFileError(`Model "${id}" is not in the library`, 'model-missing', id);
    const entry: ModelInfo = { ...prev, ...clean, updatedAt: Date.now() };
    if (mem) memory.setInfo(entry);
    else await writeIndex(list.map((m) => (m.id === id ? entry : m))).catch((e) => Promise.reject(storageError(e, `“${entry.name}”`)));
    return entry;
  });
  announce({ change: 'updated', id });
  return updated;
}

/** Removes a model: the index entry first, so nothing ever lists weights being deleted. */
export async function deleteFromLibrary(id: string): Promise<boolean> {
  if (id === SHIPPED_ID) throw badRequest('The shipped model cannot be deleted');
  const mem = await inMemory();
  const deleted = await withLibraryLock(async () => {
    const list = await readIndex();
    if (!list.some((m) => m.id === id)) return false;
    if (mem) {
      memory.remove(id);
      return true;
    }
    await writeIndex(list.filter((m) => m.id !== id)).catch((e) => Promise.reject(storageError(e, 'the library')));
    await tf.io.removeModel(modelUrl(id)).catch(() => undefined);
    return true;
  });
  if (deleted) announce({ change: 'deleted', id });
  return deleted;
}

/** Copies a stored model's weights under a new id (the shipped model is loaded and saved). */
export async function duplicateInLibrary(id: string, name: string | undefined, baseUrl: string): Promise<ModelInfo> {
  const at = Date.now();
  const newId = `copy-${at}`;
  if (id === SHIPPED_ID) {
    const { model, info } = await loadShipped(baseUrl);
    try {
      return await saveToLibrary(model, { id: newId, name: name ?? `${info.name} (copy)`, arch: info.arch, testAccuracy: info.testAccuracy, ownAccuracy: info.ownAccuracy, ownCount: info.ownCount ?? null, strokeAccuracy: info.strokeAccuracy ?? null, createdAt: at, builtin: false });
    } finally {
      model.dispose();
    }
  }
  const mem = await inMemory();
  const copy = await withLibraryLock(async () => {
    const list = await readIndex();
    const src = list.find((m) => m.id === id);
    if (!src) throw new ModelFileError(`Model "${id}" is not in the library`, 'model-missing', id);
    const entry: ModelInfo = { ...src, id: newId, name: (name ?? `${src.name} (copy)`).slice(0, 80), createdAt: at, updatedAt: at, version: at, builtin: false };
    if (mem) {
      const e = memory.get(id);
      if (!e) throw new ModelFileError(`Model "${id}" is not in this tab's memory`, 'model-missing', id);
      memory.put(entry, e.artifacts);
      return entry;
    }
    try {
      await tf.io.copyModel(modelUrl(id), modelUrl(newId));
    } catch (e) {
      throw storageError(e, `a copy of “${src.name}”`);
    }
    try {
      await writeIndex([...list, entry]);
    } catch (e) {
      await tf.io.removeModel(modelUrl(newId)).catch(() => undefined);
      throw storageError(e, `a copy of “${src.name}”`);
    }
    return entry;
  });
  announce({ change: 'saved', id: copy.id });
  return copy;
}

function shippedEntry(meta: ModelMeta | null, params: number, sizeBytes: number, over: Overrides[string] | undefined): ModelInfo {
  const at = meta?.createdAt ? Date.parse(meta.createdAt) : 0;
  return {
    id: SHIPPED_ID,
    name: meta?.name ?? 'Shipped model',
    arch: meta?.arch ?? 'imported',
    params,
    testAccuracy: over?.testAccuracy ?? meta?.testAccuracy ?? null,
    ownAccuracy: over?.ownAccuracy ?? null,
    ownCount: over?.ownCount ?? null,
    strokeAccuracy: over?.strokeAccuracy ?? meta?.strokeAccuracy ?? null,
    createdAt: at,
    updatedAt: at,
    sizeBytes,
    version: 1,
    builtin: true,
  };
}

/** Loads the shipped model from the site, validating every file and naming the bad one. */
export async function loadShipped(baseUrl: string): Promise<{ model: tf.LayersModel; info: ModelInfo; meta: ModelMeta | null }> {
  const { dir, text, files } = await fetchShippedFiles(baseUrl);
  const model = await readShipped(() => modelFromFiles(text, files, SHIPPED_JSON));
  const meta = await fetchMeta(dir);
  const size = text.length + [...files.values()].reduce((a, b) => a + b.byteLength, 0);
  const info = shippedEntry(meta, model.countParams(), size, (await readOverrides())[SHIPPED_ID]);
  return { model, info, meta };
}

/** The shipped model's entry without building it (model.json + meta.json only); null when it is missing. */
export async function shippedInfo(baseUrl: string): Promise<ModelInfo | null> {
  const dir = shippedDir(baseUrl);
  try {
    const text = await (await fetchFile(`${dir}model.json`, SHIPPED_JSON)).text();
    const { groups } = parseModelJson(text, SHIPPED_JSON);
    const weights = groups.reduce((a, g) => a + groupBytes(g), 0);
    const params = groups.flatMap((g) => g.weights).reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
    const meta = await fetchMeta(dir);
    return shippedEntry(meta, meta?.params ?? params, text.length + weights, (await readOverrides())[SHIPPED_ID]);
  } catch {
    return null;
  }
}

/** Everything the library shows: the shipped model (when the site has it) and every stored one, newest first. */
export async function listLibrary(baseUrl: string): Promise<ModelInfo[]> {
  const [shipped, stored] = await Promise.all([shippedInfo(baseUrl), readIndex()]);
  const sorted = [...stored].sort((a, b) => b.createdAt - a.createdAt);
  return shipped ? [shipped, ...sorted] : sorted;
}
