/**
 * A page for scripts (pretrain, bench): the app's own worker, driven over the
 * same protocol, exposed as window.harness. Not part of the built site.
 */
import type { Method, ParamsOf, Response, ResultOf } from '../shared/protocol';
import { transferables } from '../shared/protocol';

type OnProgress = (data: unknown) => void;

function spawn(name: string) {
  const worker = new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: OnProgress }>();
  worker.onmessage = (ev: MessageEvent<Response>) => {
    const m = ev.data;
    if (m.kind === 'event') return;
    const p = pending.get(m.requestId);
    if (!p) return;
    if (m.kind === 'progress') p.onProgress?.(m.data);
    else {
      pending.delete(m.requestId);
      if (m.kind === 'result') p.resolve(m.data);
      else p.reject(Object.assign(new Error(m.error.message), m.error));
    }
  };
  return {
    call<M extends Method>(method: M, params: ParamsOf<M>, onProgress?: OnProgress): Promise<ResultOf<M>> {
      const requestId = next++;
      const msg = { requestId, method, params };
      return new Promise((resolve, reject) => {
        pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject, onProgress });
        worker.postMessage(msg, transferables(msg));
      });
    },
    terminate: () => worker.terminate(),
  };
}

declare global {
  interface Window {
    harness: { spawn: typeof spawn; baseUrl: string };
  }
}
window.harness = { spawn, baseUrl: new URL('.', document.baseURI).href };
