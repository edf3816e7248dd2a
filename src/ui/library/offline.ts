/// <reference types="vite-plugin-pwa/client" />
/**
 * The service worker (vite-plugin-pwa / Workbox): after the first visit the
 * app shell, the shipped model and the MNIST shards already fetched work
 * with no network. Production builds only; its state shows in the library.
 */
import { useStore } from '../store';

let registered = false;

export function registerOffline(): void {
  if (registered || !import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  registered = true;
  useStore.getState().patchLibrary({ libraryOffline: 'installing' });
  void import('virtual:pwa-register')
    .then(({ registerSW }) =>
      registerSW({
        immediate: true,
        onOfflineReady: () => useStore.getState().patchLibrary({ libraryOffline: 'ready' }),
        onRegisteredSW: (_url, reg) => {
          // Already installed on an earlier visit: offline works now.
          if (reg?.active) useStore.getState().patchLibrary({ libraryOffline: 'ready' });
        },
        onRegisterError: () => useStore.getState().patchLibrary({ libraryOffline: 'error' }),
      }),
    )
    .catch(() => useStore.getState().patchLibrary({ libraryOffline: 'error' }));
}
