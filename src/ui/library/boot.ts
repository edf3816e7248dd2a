/** Library wiring at app start: the remembered model, remembering the next one, and news from other tabs. */
import { APP_CHANNEL, SHIPPED_ID, type LibraryChanged } from '../../shared/library-keys';
import { useStore } from '../store';
import { onLibraryChanged } from './actions';
import { registerOffline } from './offline';
import { rememberModelId, rememberedModelId } from './settings';

let booted = false;

/** Sets up the library's listeners once; resolves with the model id the app should start with. */
export async function bootLibrary(): Promise<string> {
  const id = await rememberedModelId();
  if (booted) return id;
  booted = true;
  // Remember whichever model becomes ready, so a reload starts with it.
  let last = id;
  useStore.subscribe((s) => {
    if (s.modelReady && s.modelId && s.modelId !== last) {
      last = s.modelId;
      void rememberModelId(s.modelId);
    }
  });
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(APP_CHANNEL);
    channel.onmessage = (ev: MessageEvent<LibraryChanged>) => {
      if (ev.data?.type === 'library-changed') onLibraryChanged(ev.data);
    };
  }
  registerOffline();
  return id || SHIPPED_ID;
}
