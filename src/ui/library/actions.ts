/**
 * The library panel's actions, bound to the app's controller (the lab and
 * infer workers through the bridge, the app store, real downloads). The
 * logic is in controller.ts, tested with fakes.
 */
import type { LibraryChanged } from '../../shared/library-keys';
import { getBridge } from '../bridge';
import { useStore } from '../store';
import type { RunRecord } from '../train/runs';
import { LibraryController } from './controller';
import { downloadFiles } from './files';

let instance: LibraryController | null = null;

/** The app's library controller. */
export function libraryController(): LibraryController {
  instance ??= new LibraryController({
    request: (role, method, params, options) => getBridge().request(role, method, params, options),
    loadModel: (id) => getBridge().loadModel(id),
    store: useStore.getState,
    download: downloadFiles,
    storage: typeof navigator !== 'undefined' ? navigator.storage : undefined,
  });
  return instance;
}

export const refreshLibrary = (): Promise<void> => libraryController().refreshLibrary();
export const onLibraryChanged = (msg: LibraryChanged): void => libraryController().onLibraryChanged(msg);
export const activateModel = (id: string): Promise<void> => libraryController().activateModel(id);
export const renameModel = (id: string, name: string): Promise<boolean> => libraryController().renameModel(id, name);
export const duplicateModel = (id: string): Promise<void> => libraryController().duplicateModel(id);
export const deleteModel = (id: string): Promise<void> => libraryController().deleteModel(id);
export const exportModel = (id?: string): Promise<void> => libraryController().exportModel(id);
export const exportOnnx = (id?: string): Promise<void> => libraryController().exportOnnx(id);
export const exportRunHistory = (run: RunRecord): Promise<void> => libraryController().exportRunHistory(run);
export const exportHistory = (): Promise<void> => libraryController().exportHistory();
export const importFiles = (list: File[]): Promise<void> => libraryController().importFiles(list);
export const refreshStorage = (): Promise<void> => libraryController().refreshStorage();
export const requestPersist = (): Promise<void> => libraryController().requestPersist();
