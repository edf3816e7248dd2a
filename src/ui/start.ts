/**
 * App start-up: creates the bridge from the page URL, exposes the test hook
 * `window.__digitLab`, wires the library, then loads the model the user
 * chose last time. Only the page entry imports this module.
 */
import type { WorkerRole } from '../shared/protocol';
import { Bridge, getBridge, setBridge, type WorkerLike } from './bridge';
import { bootLibrary } from './library/boot';
import { useStore } from './store';

/** Spawns the real worker script. Literal `new Worker(new URL(…))` calls so Vite bundles it. */
export function spawnWorker(role: WorkerRole): WorkerLike {
  return role === 'infer'
    ? new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name: 'infer' })
    : new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name: 'lab' });
}

/** The test/script hook, `window.__digitLab`. */
export interface DigitLabHandle {
  bridge: Bridge;
  store: typeof useStore;
}

declare global {
  interface Window {
    __digitLab?: DigitLabHandle;
  }
}

/**
 * Passes what the user does to the lab, so training gives way (worker/train/hold.ts): a stroke on any drawing canvas
 * (training issues no batch until it ends); another tab, or a pointer hovering over a drawing canvas (a stroke is
 * coming): the next frames need the GPU process that a training batch also uses, so training pauses briefly.
 */
export function forwardUserActivity(store: typeof useStore, bridge: Pick<Bridge, 'userDrawing' | 'userComing'>): () => void {
  return store.subscribe((s, prev) => {
    if (s.drawing !== prev.drawing) bridge.userDrawing(s.drawing);
    if (s.section !== prev.section || s.approachAt !== prev.approachAt) bridge.userComing();
  });
}

let started = false;

/** Creates the app's bridge, exposes `window.__digitLab`, and runs the start sequence (once). */
export function startBridge(): Bridge {
  if (started) return getBridge();
  started = true;
  const forced = new URLSearchParams(location.search).get('backend');
  const bridge = new Bridge({
    spawn: spawnWorker,
    baseUrl: new URL('.', document.baseURI).href,
    backend: forced === 'cpu' || forced === 'webgl' ? forced : undefined,
    debug: navigator.webdriver === true,
  });
  setBridge(bridge);
  window.__digitLab = { bridge, store: useStore };
  forwardUserActivity(useStore, bridge);
  // The prediction engine starts (tfjs loads, WebGL initialises) while the library looks up which model to load.
  bridge.prestart('infer');
  // The model the user chose last time, if it is still in the library.
  void bootLibrary().then((id) => bridge.start(id));
  return bridge;
}
