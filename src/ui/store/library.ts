/** The model library as the page sees it: the list, what each row is doing, storage, offline and import progress. */
import type { StorageStatus } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends LibrarySlice {}
}

/** What a row is busy with, shown instead of its actions. */
export type RowBusy = 'activating' | 'renaming' | 'duplicating' | 'deleting' | 'exporting' | 'exporting-onnx' | 'measuring';

export interface StorageReport {
  /** Where the library lives (from the lab worker). */
  status: StorageStatus | null;
  /** navigator.storage.estimate(), bytes. */
  usage: number | null;
  quota: number | null;
  /** navigator.storage.persisted(); null when the browser cannot tell. */
  persisted: boolean | null;
}

/** The service worker: whether the app works without a network. */
export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'error';

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'validating'; name: string }
  | { phase: 'measuring'; name: string; id: string; done: number; total: number }
  | { phase: 'done'; name: string; id: string; accuracy: number | null; strokeAccuracy?: number | null };

export interface LibrarySlice {
  /** null until first listed. */
  libraryModels: ModelInfo[] | null;
  libraryLoading: boolean;
  libraryError: string | null;
  libraryBusy: Record<string, RowBusy>;
  libraryStorage: StorageReport;
  libraryOffline: OfflineState;
  libraryImport: ImportState;

  setLibraryModels(models: ModelInfo[]): void;
  /** Replaces one entry (after a rename or measurement) without a full refresh. */
  upsertLibraryModel(model: ModelInfo): void;
  setLibraryBusy(id: string, busy: RowBusy | null): void;
  patchLibrary(patch: Partial<Pick<LibrarySlice, 'libraryLoading' | 'libraryError' | 'libraryStorage' | 'libraryOffline' | 'libraryImport'>>): void;
}

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set) => ({
  libraryModels: null,
  libraryLoading: false,
  libraryError: null,
  libraryBusy: {},
  libraryStorage: { status: null, usage: null, quota: null, persisted: null },
  libraryOffline: 'unsupported',
  libraryImport: { phase: 'idle' },

  setLibraryModels(models) {
    set({ libraryModels: models, libraryError: null });
  },

  upsertLibraryModel(model) {
    set((s) => {
      const list = s.libraryModels ?? [];
      const i = list.findIndex((m) => m.id === model.id);
      return { libraryModels: i < 0 ? [...list, model] : list.map((m) => (m.id === model.id ? model : m)) };
    });
  },

  setLibraryBusy(id, busy) {
    set((s) => {
      const next = { ...s.libraryBusy };
      if (busy) next[id] = busy;
      else delete next[id];
      return { libraryBusy: next };
    });
  },

  patchLibrary(patch) {
    set(patch);
  },
});
