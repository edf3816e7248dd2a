/**
 * What the library panel does, outside React: list, switch, rename,
 * duplicate, delete, export, import (validate → store → measure), storage.
 * Library work runs on the lab worker; exporting the active model asks the
 * infer worker, which already holds it.
 */
import { WorkerError, type WorkerErrorInfo } from '../../shared/protocol';
import { SHIPPED_ID, type LibraryChanged } from '../../shared/library-keys';
import type { ModelInfo } from '../../shared/types';
import { getBridge } from '../bridge';
import { useStore } from '../store';
import type { RowBusy } from '../store/library';
import { downloadFiles, historyCsv, pickImportFiles } from './files';
import type { RunRecord } from '../train/runs';

const s = () => useStore.getState();

function info(e: unknown): WorkerErrorInfo {
  if (e instanceof WorkerError) return e.info;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

function fail(key: string, title: string, e: unknown): void {
  const i = info(e);
  s().pushAlert({ key, title, message: i.message, file: i.file, code: i.code });
}

async function busy<T>(id: string, what: RowBusy, fn: () => Promise<T>): Promise<T> {
  s().setLibraryBusy(id, what);
  try {
    return await fn();
  } finally {
    s().setLibraryBusy(id, null);
  }
}

let refreshing: Promise<void> | null = null;
let again = false;

/** Lists the library from the lab worker (coalescing bursts of changes into one more refresh). */
export function refreshLibrary(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    s().patchLibrary({ libraryLoading: true });
    try {
      do {
        again = false;
        const models = await getBridge().request('lab', 'listModels', {});
        s().setLibraryModels(models);
        syncActive(models);
      } while (again);
    } catch (e) {
      s().patchLibrary({ libraryError: info(e).message });
    } finally {
      s().patchLibrary({ libraryLoading: false });
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Keeps the header in step with the list: a rename elsewhere, or the active model deleted in another tab. */
function syncActive(models: ModelInfo[]): void {
  const { modelId, modelInfo, modelStatus } = s();
  if (!modelId || modelId === SHIPPED_ID || modelStatus === 'loading') return;
  const mine = models.find((m) => m.id === modelId);
  if (mine) {
    if (modelInfo && mine.name !== modelInfo.name) s().modelSaved({ ...mine, version: modelInfo.version });
    return;
  }
  s().addNotice('The model that was reading your drawings was deleted in another tab, so the shipped model took over.', { key: 'library-active' });
  void getBridge().loadModel(SHIPPED_ID).catch(() => undefined);
}

/** Another tab (or a worker of this one) changed the library. */
export function onLibraryChanged(_msg: LibraryChanged): void {
  if (s().libraryModels !== null) void refreshLibrary();
}

export async function activateModel(id: string): Promise<void> {
  await busy(id, 'activating', async () => {
    try {
      await getBridge().loadModel(id);
    } catch {
      // The bridge has already put up an alert naming the problem.
    }
  });
}

export async function renameModel(id: string, name: string): Promise<boolean> {
  return busy(id, 'renaming', async () => {
    try {
      const m = await getBridge().request('lab', 'updateModel', { id, patch: { name } });
      s().upsertLibraryModel(m);
      if (s().modelId === id) s().modelSaved({ ...m, version: s().modelVersion ?? m.version });
      return true;
    } catch (e) {
      fail('library', 'The model could not be renamed', e);
      return false;
    }
  });
}

export async function duplicateModel(id: string): Promise<void> {
  await busy(id, 'duplicating', async () => {
    try {
      const m = await getBridge().request('lab', 'duplicateModel', { id });
      s().upsertLibraryModel(m);
      await refreshLibrary();
    } catch (e) {
      fail('library', 'The model could not be duplicated', e);
    }
  });
}

export async function deleteModel(id: string): Promise<void> {
  await busy(id, 'deleting', async () => {
    try {
      // Never delete what is reading drawings: hand over to the shipped model first.
      if (s().modelId === id) await getBridge().loadModel(SHIPPED_ID);
      await getBridge().request('lab', 'deleteModel', { id });
      await refreshLibrary();
    } catch (e) {
      fail('library', 'The model could not be deleted', e);
    }
  });
}

/** Downloads a model's files (model.json, model.weights.bin, meta.json); the active one when no id is given. */
export async function exportModel(id?: string): Promise<void> {
  const active = s().modelId;
  const target = id ?? active;
  if (!target) return;
  await busy(target, 'exporting', async () => {
    try {
      // The infer worker holds the active model already; any other is loaded by the lab.
      const files = await getBridge().request(target === active && s().modelReady ? 'infer' : 'lab', 'exportModel', { id: target });
      await downloadFiles([
        { name: 'model.json', type: 'application/json', data: files.modelJson },
        { name: 'model.weights.bin', type: 'application/octet-stream', data: files.weights },
        { name: 'meta.json', type: 'application/json', data: JSON.stringify(files.meta, null, 2) },
      ]);
    } catch (e) {
      fail('export', 'The model could not be exported', e);
    }
  });
}

/**
 * Downloads a model as model.onnx (the active one when no id is given). A
 * layer ONNX cannot express comes back as an alert naming it; nothing changes.
 */
export async function exportOnnx(id?: string): Promise<void> {
  const active = s().modelId;
  const target = id ?? active;
  if (!target) return;
  s().dismissAlert('export-onnx');
  await busy(target, 'exporting-onnx', async () => {
    try {
      const file = await getBridge().request(target === active && s().modelReady ? 'infer' : 'lab', 'exportOnnx', { id: target });
      await downloadFiles([{ name: 'model.onnx', type: 'application/octet-stream', data: file.onnx }]);
    } catch (e) {
      fail('export-onnx', 'This model can’t be exported to ONNX', e);
    }
  });
}

/** Downloads a stored run's curves as CSV. */
export async function exportRunHistory(run: RunRecord): Promise<void> {
  await downloadFiles([{ name: `${run.id}-history.csv`, type: 'text/csv', data: historyCsv(run.curve, run.val, run.bucket) }]);
}

/** Downloads the last training run's curves as CSV (from the train dashboard's store). */
export async function exportHistory(): Promise<void> {
  const st = s();
  const csv = historyCsv(st.trainCurve, st.trainVal, st.trainBucket);
  const id = st.trainResult?.model.id ?? 'training-run';
  await downloadFiles([{ name: `${id}-history.csv`, type: 'text/csv', data: csv }]);
}

/**
 * Imports a model the user picked: checks the files (the worker validates
 * everything before storing anything), stores it, then measures its MNIST
 * test accuracy and records it. A bad file becomes one alert; nothing changes.
 */
export async function importFiles(list: File[]): Promise<void> {
  s().dismissAlert('import');
  let picked;
  try {
    picked = await pickImportFiles(list);
  } catch (e) {
    s().pushAlert({ key: 'import', title: 'These files are not a model Digit Lab can import', message: (e as Error).message, code: 'bad-request' });
    return;
  }
  const name = picked.name;
  s().patchLibrary({ libraryImport: { phase: 'validating', name } });
  let model: ModelInfo;
  try {
    model = await getBridge().request('lab', 'importModel', { modelJson: picked.modelJson, weightFiles: picked.weightFiles, name });
  } catch (e) {
    s().patchLibrary({ libraryImport: { phase: 'idle' } });
    const i = info(e);
    const title = i.code === 'storage' ? 'The model could not be stored' : 'This model can’t be imported';
    s().pushAlert({ key: 'import', title, message: i.message, file: i.file, code: i.code });
    return;
  }
  s().upsertLibraryModel(model);
  void refreshLibrary();
  s().patchLibrary({ libraryImport: { phase: 'measuring', name, id: model.id, done: 0, total: 0 } });
  let accuracy: number | null = null;
  await busy(model.id, 'measuring', async () => {
    try {
      const r = await getBridge().request('lab', 'evaluate', { id: model.id }, {
        onProgress: (p) => s().patchLibrary({ libraryImport: { phase: 'measuring', name, id: model.id, done: p.done, total: p.total } }),
      });
      accuracy = r.accuracy;
      s().upsertLibraryModel(await getBridge().request('lab', 'updateModel', { id: model.id, patch: { testAccuracy: r.accuracy } }));
    } catch (e) {
      s().addNotice(`“${name}” was imported, but its MNIST accuracy could not be measured (${info(e).message}).`, { tone: 'warning', key: 'import-measure' });
    }
  });
  s().patchLibrary({ libraryImport: { phase: 'done', name, id: model.id, accuracy } });
}

/** Storage used and available, whether it is persistent, and where the library lives. */
export async function refreshStorage(): Promise<void> {
  const st = navigator.storage;
  const [estimate, persisted, status] = await Promise.all([
    st?.estimate?.().catch(() => null) ?? null,
    st?.persisted?.().catch(() => null) ?? null,
    getBridge()
      .request('lab', 'storageStatus', {})
      .catch(() => null),
  ]);
  s().patchLibrary({
    libraryStorage: { status, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted },
  });
}

/** Asks the browser not to evict the library under storage pressure. */
export async function requestPersist(): Promise<void> {
  let granted = false;
  try {
    granted = (await navigator.storage?.persist?.()) ?? false;
  } catch {
    granted = false;
  }
  if (!granted) {
    s().addNotice('The browser did not grant persistent storage (it decides by how you use the site). Your models stay stored, but it may clear them if the disk runs low — export the ones you care about.', { key: 'persist' });
  } else {
    s().dismissNotice('persist');
  }
  await refreshStorage();
}
