/** The library's protocol handlers (run by the lab worker): list, rename, duplicate, delete, storage status. */
import type { ModelPatch, StorageStatus } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { state } from '../state';
import { storageStatus } from './health';
import { deleteFromLibrary, duplicateInLibrary, listLibrary, updateInLibrary } from './library';

export const libraryHandlers = {
  async listModels(): Promise<ModelInfo[]> {
    return listLibrary(state.baseUrl);
  },

  async updateModel(p: { id: string; patch: ModelPatch }): Promise<ModelInfo> {
    const updated = await updateInLibrary(p.id, p.patch);
    if (updated) {
      if (state.info?.id === p.id) state.info = updated;
      return updated;
    }
    // The shipped model: its entry is rebuilt from the site with the new accuracies.
    const shipped = (await listLibrary(state.baseUrl)).find((m) => m.id === p.id);
    if (!shipped) throw Object.assign(new Error(`Model "${p.id}" is not in the library`), { code: 'model-missing' as const });
    return shipped;
  },

  async duplicateModel(p: { id: string; name?: string }): Promise<ModelInfo> {
    return duplicateInLibrary(p.id, p.name, state.baseUrl);
  },

  async deleteModel(p: { id: string }): Promise<{ deleted: boolean }> {
    return { deleted: await deleteFromLibrary(p.id) };
  },

  async storageStatus(): Promise<StorageStatus> {
    return storageStatus();
  },
};
