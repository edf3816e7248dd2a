/** The library's protocol handlers (run by the lab worker): list, rename, duplicate, delete, export (tfjs files, ONNX), import, storage status. */
import type { ModelMeta } from '../../shared/types';
import { codedError } from '../errors';
import type { Routes } from '../routes';
import { openModel, state } from '../state';
import { storageStatus } from './health';
import { deleteFromLibrary, duplicateInLibrary, listLibrary, saveToLibrary, updateInLibrary } from './library';
import { modelFromFiles, modelToFiles } from './validate';

export const libraryHandlers = {
  async listModels() {
    return listLibrary(state.baseUrl);
  },

  async updateModel(p) {
    const updated = await updateInLibrary(p.id, p.patch);
    if (updated) {
      if (state.info?.id === p.id) state.info = updated;
      return updated;
    }
    // The shipped model: its entry is rebuilt from the site with the new accuracies.
    const shipped = (await listLibrary(state.baseUrl)).find((m) => m.id === p.id);
    if (!shipped) throw codedError('model-missing', `Model "${p.id}" is not in the library`);
    return shipped;
  },

  async duplicateModel(p) {
    return duplicateInLibrary(p.id, p.name, state.baseUrl);
  },

  async deleteModel(p) {
    return { deleted: await deleteFromLibrary(p.id) };
  },

  async storageStatus() {
    return storageStatus();
  },

  /** A model's files; the active model's come from memory (the infer worker already holds it). */
  async exportModel(p) {
    const { model, info, meta } = p.id === state.info?.id && state.model ? { model: state.model, info: state.info, meta: state.meta } : await openModel(p.id);
    try {
      const files = await modelToFiles(model);
      const m: ModelMeta = meta ?? {
        format: 'digit-lab-model-meta',
        formatVersion: 1,
        name: info.name,
        arch: info.arch,
        params: info.params,
        testAccuracy: info.testAccuracy,
        ...(info.strokeAccuracy != null ? { strokeAccuracy: info.strokeAccuracy } : {}),
        createdAt: new Date(info.createdAt).toISOString(),
      };
      return { ...files, meta: m };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },

  /** The model as model.onnx (opset 13). */
  async exportOnnx(p) {
    const { model, info } = p.id === state.info?.id && state.model ? { model: state.model, info: state.info } : await openModel(p.id);
    try {
      // Loaded on first use: the protobuf code stays out of the worker's start.
      const { exportOnnx } = await import('./onnx');
      const metadata: Record<string, string> = { digit_lab_id: info.id, arch: info.arch, params: String(info.params), created: new Date(info.createdAt).toISOString() };
      if (info.testAccuracy !== null) metadata.mnist_test_accuracy = String(info.testAccuracy);
      if (info.strokeAccuracy != null) metadata.drawn_digits_accuracy = String(info.strokeAccuracy);
      const bytes = exportOnnx(model, { name: info.name, arch: info.arch, metadata });
      const onnx = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
      return { onnx, name: info.name };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },

  /** Validates the user's files completely before storing anything. */
  async importModel(p) {
    const files = new Map(p.weightFiles.map((f) => [f.name, f.data]));
    const model = await modelFromFiles(p.modelJson, files);
    try {
      const at = Date.now();
      return await saveToLibrary(model, { id: `import-${at}`, name: p.name ?? 'Imported model', arch: 'imported', testAccuracy: null, ownAccuracy: null, createdAt: at, builtin: false });
    } finally {
      model.dispose();
    }
  },
} satisfies Pick<Routes, 'listModels' | 'updateModel' | 'duplicateModel' | 'deleteModel' | 'storageStatus' | 'exportModel' | 'exportOnnx' | 'importModel'>;
