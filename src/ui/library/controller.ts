/**
 * What the library panel does, outside React: list, switch, rename,
 * duplicate, delete, export, import (validate → store → measure), storage.
 * A class with its dependencies injected, like the train and teach
 * controllers: library work runs on the lab worker; exporting the active
 * model asks the infer worker, which already holds it.
 */
import { WorkerError, type Method, type ParamsOf, type ResultOf, type WorkerErrorInfo, type WorkerRole } from '../../shared/protocol';
import { SHIPPED_ID, type LibraryChanged } from '../../shared/library-keys';
import type { ModelInfo } from '../../shared/types';
import type { RequestOptions } from '../bridge/rpc';
import type { State } from '../store/state';
import type { RowBusy } from '../store/library';
import { runResultOf } from '../store/train';
import { historyCsv, pickImportFiles, type Download, type PickedFile } from './files';
import { expandZips, modelZip } from './zip';
import type { RunRecord } from '../train/runs';

export interface LibraryDeps {
  request<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>>;
  /** Makes a library model the one that reads drawings. */
  loadModel(id: string): Promise<ModelInfo>;
  store(): State;
  /** Hands files to the user (a download). */
  download(files: Download[]): Promise<void>;
  /** The browser's storage manager, when it has one. */
  storage?: Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;
}

function info(e: unknown): WorkerErrorInfo {
  if (e instanceof WorkerError) return e.info;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export class LibraryController {
  private refreshing: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: LibraryDeps) {}

  private get s(): State {
    return this.deps.store();
  }

  private fail(key: string, title: string, e: unknown): void {
    const i = info(e);
    this.s.pushAlert({ key, title, message: i.message, file: i.file, code: i.code });
  }

  private async busy<T>(id: string, what: RowBusy, fn: () => Promise<T>): Promise<T> {
    this.s.setLibraryBusy(id, what);
    try {
      return await fn();
    } finally {
      this.s.setLibraryBusy(id, null);
    }
  }

  /** Lists the library from the lab worker (coalescing bursts of changes into one more refresh). */
  refreshLibrary(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      this.s.patchLibrary({ libraryLoading: true });
      try {
        do {
          this.again = false;
          const models = await this.deps.request('lab', 'listModels', {});
          this.s.setLibraryModels(models);
          this.syncActive(models);
        } while (this.again);
      } catch (e) {
        this.s.patchLibrary({ libraryError: info(e).message });
      } finally {
        this.s.patchLibrary({ libraryLoading: false });
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Keeps the header in step with the list: a rename elsewhere, or the active model deleted in another tab. */
  private syncActive(models: ModelInfo[]): void {
    const { modelId, modelInfo, modelStatus } = this.s;
    if (!modelId || modelId === SHIPPED_ID || modelStatus === 'loading') return;
    const mine = models.find((m) => m.id === modelId);
    if (mine) {
      if (modelInfo && mine.name !== modelInfo.name) this.s.modelSaved({ ...mine, version: modelInfo.version });
      return;
    }
    this.s.addNotice('The model that was reading your drawings was deleted in another tab, so the shipped model took over.', { key: 'library-active' });
    void this.deps.loadModel(SHIPPED_ID).catch(() => undefined);
  }

  /** Another tab (or a worker of this one) changed the library. */
  onLibraryChanged(_msg: LibraryChanged): void {
    if (this.s.libraryModels !== null) void this.refreshLibrary();
  }

  async activateModel(id: string): Promise<void> {
    await this.busy(id, 'activating', async () => {
      try {
        await this.deps.loadModel(id);
      } catch {
        // The bridge has already put up an alert naming the problem.
      }
    });
  }

  async renameModel(id: string, name: string): Promise<boolean> {
    return this.busy(id, 'renaming', async () => {
      try {
        const m = await this.deps.request('lab', 'updateModel', { id, patch: { name } });
        this.s.upsertLibraryModel(m);
        if (this.s.modelId === id) this.s.modelSaved({ ...m, version: this.s.modelVersion ?? m.version });
        return true;
      } catch (e) {
        this.fail('library', 'The model could not be renamed', e);
        return false;
      }
    });
  }

  async duplicateModel(id: string): Promise<void> {
    await this.busy(id, 'duplicating', async () => {
      try {
        const m = await this.deps.request('lab', 'duplicateModel', { id });
        this.s.upsertLibraryModel(m);
        await this.refreshLibrary();
      } catch (e) {
        this.fail('library', 'The model could not be duplicated', e);
      }
    });
  }

  async deleteModel(id: string): Promise<void> {
    await this.busy(id, 'deleting', async () => {
      try {
        // Never delete what is reading drawings: hand over to the shipped model first.
        if (this.s.modelId === id) await this.deps.loadModel(SHIPPED_ID);
        await this.deps.request('lab', 'deleteModel', { id });
        await this.refreshLibrary();
      } catch (e) {
        this.fail('library', 'The model could not be deleted', e);
      }
    });
  }

  /** Downloads a model as one zip (model.json, model.weights.bin, meta.json) named after it; the active one when no id is given. */
  async exportModel(id?: string): Promise<void> {
    await this.download(id, 'exporting', 'export', 'The model could not be exported', async (role, target) => {
      const files = await this.deps.request(role, 'exportModel', { id: target });
      // One download, named after the model, instead of three generic files.
      const zip = await modelZip(files.meta.name || target, files);
      return [{ name: zip.name, type: 'application/zip', data: zip.data }];
    });
  }

  /**
   * Downloads a model as model.onnx (the active one when no id is given). A
   * layer ONNX cannot express comes back as an alert naming it; nothing changes.
   */
  async exportOnnx(id?: string): Promise<void> {
    this.s.dismissAlert('export-onnx');
    await this.download(id, 'exporting-onnx', 'export-onnx', 'This model can’t be exported to ONNX', async (role, target) => {
      const file = await this.deps.request(role, 'exportOnnx', { id: target });
      return [{ name: 'model.onnx', type: 'application/octet-stream', data: file.onnx }];
    });
  }

  /** One export: the row shows it busy, the infer worker serves the active model (it holds it already), a failure is one alert. */
  private async download(id: string | undefined, what: RowBusy, alertKey: string, title: string, files: (role: WorkerRole, target: string) => Promise<Download[]>): Promise<void> {
    const active = this.s.modelId;
    const target = id ?? active;
    if (!target) return;
    await this.busy(target, what, async () => {
      try {
        await this.deps.download(await files(target === active && this.s.modelReady ? 'infer' : 'lab', target));
      } catch (e) {
        this.fail(alertKey, title, e);
      }
    });
  }

  /** Downloads a stored run's curves as CSV. */
  async exportRunHistory(run: RunRecord): Promise<void> {
    await this.deps.download([{ name: `${run.id}-history.csv`, type: 'text/csv', data: historyCsv(run.curve, run.val, run.bucket) }]);
  }

  /** Downloads the last training run's curves as CSV (from the train dashboard's store). */
  async exportHistory(): Promise<void> {
    const st = this.s;
    const csv = historyCsv(st.trainCurve, st.trainVal, st.trainBucket);
    const id = runResultOf(st.trainRun)?.model.id ?? 'training-run';
    await this.deps.download([{ name: `${id}-history.csv`, type: 'text/csv', data: csv }]);
  }

  /**
   * Imports a model the user picked: checks the files (the worker validates
   * everything before storing anything), stores it, then measures its MNIST
   * test accuracy and records it. A bad file becomes one alert; nothing changes.
   */
  async importFiles(list: PickedFile[]): Promise<void> {
    this.s.dismissAlert('import');
    let picked;
    try {
      picked = await pickImportFiles(await expandZips(list));
    } catch (e) {
      this.s.pushAlert({ key: 'import', title: 'These files are not a model Digit Lab can import', message: (e as Error).message, code: 'bad-request' });
      return;
    }
    const name = picked.name;
    this.s.patchLibrary({ libraryImport: { phase: 'validating', name } });
    let model: ModelInfo;
    try {
      model = await this.deps.request('lab', 'importModel', { modelJson: picked.modelJson, weightFiles: picked.weightFiles, name });
    } catch (e) {
      this.s.patchLibrary({ libraryImport: { phase: 'idle' } });
      const i = info(e);
      const title = i.code === 'storage' ? 'The model could not be stored' : 'This model can’t be imported';
      this.s.pushAlert({ key: 'import', title, message: i.message, file: i.file, code: i.code });
      return;
    }
    this.s.upsertLibraryModel(model);
    void this.refreshLibrary();
    this.s.patchLibrary({ libraryImport: { phase: 'measuring', name, id: model.id, done: 0, total: 0 } });
    let accuracy: number | null = null;
    let strokeAccuracy: number | null = null;
    await this.busy(model.id, 'measuring', async () => {
      try {
        const r = await this.deps.request('lab', 'evaluate', { id: model.id, strokes: true }, {
          onProgress: (p) => this.s.patchLibrary({ libraryImport: { phase: 'measuring', name, id: model.id, done: p.done, total: p.total } }),
        });
        accuracy = r.accuracy;
        strokeAccuracy = r.strokes?.accuracy ?? null;
        this.s.upsertLibraryModel(await this.deps.request('lab', 'updateModel', { id: model.id, patch: { testAccuracy: r.accuracy, strokeAccuracy } }));
      } catch (e) {
        this.s.addNotice(`“${name}” was imported, but its MNIST accuracy could not be measured (${info(e).message}).`, { tone: 'warning', key: 'import-measure' });
      }
    });
    this.s.patchLibrary({ libraryImport: { phase: 'done', name, id: model.id, accuracy, strokeAccuracy } });
  }

  /** Storage used and available, whether it is persistent, and where the library lives. */
  async refreshStorage(): Promise<void> {
    const st = this.deps.storage;
    const [estimate, persisted, status] = await Promise.all([
      st?.estimate?.().catch(() => null) ?? null,
      st?.persisted?.().catch(() => null) ?? null,
      this.deps
        .request('lab', 'storageStatus', {})
        .catch(() => null),
    ]);
    this.s.patchLibrary({
      libraryStorage: { status, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted },
    });
  }

  /** Asks the browser not to evict the library under storage pressure. */
  async requestPersist(): Promise<void> {
    let granted = false;
    try {
      granted = (await this.deps.storage?.persist?.()) ?? false;
    } catch {
      granted = false;
    }
    if (!granted) {
      this.s.addNotice('The browser did not grant persistent storage (it decides by how you use the site). Your models stay stored, but it may clear them if the disk runs low — export the ones you care about.', { key: 'persist' });
    } else {
      this.s.dismissNotice('persist');
    }
    await this.refreshStorage();
  }
}
