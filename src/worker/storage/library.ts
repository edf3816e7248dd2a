/**
 * The model library in IndexedDB: weights through tfjs's indexeddb:// handler,
 * the index of ModelInfo through idb-keyval. The shipped model lives at
 * models/default/ on the site and is never stored.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import * as tf from '../tf';
import type { ModelInfo, ModelMeta } from '../../shared/types';
import { ModelFileError, baseName, modelFromFiles, parseModelJson } from './validate';

let kv: UseStore | null = null;
function store(): UseStore {
  kv ??= createStore('digit-lab-library', 'kv');
  return kv;
}

export const modelUrl = (id: string) => `indexeddb://digit-lab-model/${id}`;

/** The library index; an empty list when nothing (or no IndexedDB) is there. */
export async function readIndex(): Promise<ModelInfo[]> {
  try {
    return (await get<ModelInfo[]>('models', store())) ?? [];
  } catch {
    return [];
  }
}

async function writeIndex(list: ModelInfo[]): Promise<void> {
  await set('models', list, store());
}

/** Saves weights, then the index entry, so an entry never points at missing weights. */
export async function saveToLibrary(model: tf.LayersModel, info: Omit<ModelInfo, 'sizeBytes' | 'updatedAt' | 'version' | 'params'> & { version?: number }): Promise<ModelInfo> {
  const res = await model.save(modelUrl(info.id));
  const list = await readIndex();
  const prev = list.find((m) => m.id === info.id);
  const entry: ModelInfo = {
    ...info,
    params: model.countParams(),
    sizeBytes: (res.modelArtifactsInfo.weightDataBytes ?? 0) + (res.modelArtifactsInfo.modelTopologyBytes ?? 0),
    updatedAt: Date.now(),
    version: Math.max(info.version ?? 0, (prev?.version ?? 0) + 1, Date.now()),
  };
  await writeIndex([...list.filter((m) => m.id !== info.id), entry]);
  return entry;
}

export async function loadFromLibrary(id: string): Promise<{ model: tf.LayersModel; info: ModelInfo }> {
  const info = (await readIndex()).find((m) => m.id === id);
  if (!info) throw new ModelFileError(`Model "${id}" is not in the library`, 'model-missing', id);
  try {
    return { model: await tf.loadLayersModel(modelUrl(id)), info };
  } catch (e) {
    throw new ModelFileError(`Model "${info.name}" could not be read from browser storage (${(e as Error).message})`, 'model-corrupt', id);
  }
}

async function fetchFile(url: string, file: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ModelFileError(`Could not fetch ${file}: ${(e as Error).message}`, 'model-missing', file);
  }
  if (!res.ok) throw new ModelFileError(`${file} is missing (HTTP ${res.status})`, 'model-missing', file);
  return res;
}

/** Loads the shipped model from the site, validating every file and naming the bad one. */
export async function loadShipped(baseUrl: string): Promise<{ model: tf.LayersModel; info: ModelInfo; meta: ModelMeta | null }> {
  const dir = `${baseUrl}models/default/`;
  const text = await (await fetchFile(`${dir}model.json`, 'models/default/model.json')).text();
  const { groups } = parseModelJson(text, 'models/default/model.json');
  const files = new Map<string, ArrayBuffer>();
  for (const p of groups.flatMap((g) => g.paths)) {
    const name = baseName(p);
    files.set(name, await (await fetchFile(`${dir}${name}`, `models/default/${name}`)).arrayBuffer());
  }
  let model: tf.LayersModel;
  try {
    model = await modelFromFiles(text, files, 'models/default/model.json');
  } catch (e) {
    if (e instanceof ModelFileError && !e.file.startsWith('models/')) e.file = `models/default/${e.file}`;
    throw e;
  }
  let meta: ModelMeta | null = null;
  try {
    const r = await fetch(`${dir}meta.json`);
    if (r.ok) meta = (await r.json()) as ModelMeta;
  } catch {
    meta = null;
  }
  const info: ModelInfo = {
    id: 'default',
    name: meta?.name ?? 'Shipped model',
    arch: meta?.arch ?? 'imported',
    params: model.countParams(),
    testAccuracy: meta?.testAccuracy ?? null,
    ownAccuracy: null,
    createdAt: meta?.createdAt ? Date.parse(meta.createdAt) : 0,
    updatedAt: meta?.createdAt ? Date.parse(meta.createdAt) : 0,
    sizeBytes: text.length + [...files.values()].reduce((a, b) => a + b.byteLength, 0),
    version: 1,
    builtin: true,
  };
  return { model, info, meta };
}
