/**
 * A page for scripts (pretrain, bench): the app's own worker, driven over the
 * same protocol by the app's RPC core, exposed as window.harness. Not part of
 * the built site.
 */
import type { Method, ParamsOf, ProgressOf, ResultOf } from '../shared/protocol';
import { RpcClient } from '../ui/bridge/rpc';

function spawn(name: string) {
  const worker = new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name });
  const rpc = new RpcClient(worker);
  return {
    call<M extends Method>(method: M, params: ParamsOf<M>, onProgress?: (data: ProgressOf<M>) => void): Promise<ResultOf<M>> {
      return rpc.call(method, params, { onProgress });
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
