/** Names shared by the worker's library and the page: the IndexedDB store of the index and the tab-to-tab channel. */

/** idb-keyval database and object store holding the library index (key `models`). */
export const LIBRARY_DB = 'digit-lab-library';
export const LIBRARY_STORE = 'kv';
export const INDEX_KEY = 'models';

/** BroadcastChannel every tab (and worker) of the app shares. */
export const APP_CHANNEL = 'digit-lab';

/** Posted on APP_CHANNEL after every library write, by whichever worker made it. */
export interface LibraryChanged {
  type: 'library-changed';
  change: 'saved' | 'updated' | 'deleted';
  id: string;
}

/** The id of the shipped model, which lives on the site and is never stored. */
export const SHIPPED_ID = 'default';
