/// <reference lib="webworker" />
/**
 * The worker's entry: dispatch only. Each request is routed to a capability
 * module; answers are `progress`, then one `result` or `error`.
 */
import type { Method, ParamsOf, Request, Response, ResultOf, WorkerErrorInfo, WorkerEvent } from '../shared/protocol';
import { transferables } from '../shared/protocol';
import { handlers } from './handlers';
import { state } from './state';
import { inspectHandlers } from './inspect/handlers';
import { libraryHandlers } from './storage/handlers';
import { samplesHandlers } from './samples/handlers';
import { debugFault, guarded } from './faults';

declare const self: DedicatedWorkerGlobalScope;

function post(msg: Response): void {
  self.postMessage(msg, transferables(msg));
}

/** Sends unsolicited news to the page. */
export function emit(event: WorkerEvent): void {
  post({ kind: 'event', event });
}
state.emit = emit;

function toErrorInfo(e: unknown): WorkerErrorInfo {
  const err = e as { message?: string; code?: WorkerErrorInfo['code']; file?: string };
  const known: WorkerErrorInfo['code'][] = ['bad-request', 'model-missing', 'model-corrupt', 'data-missing', 'data-corrupt', 'nan-loss', 'storage', 'cancelled'];
  let code: WorkerErrorInfo['code'] = err?.code && known.includes(err.code) ? err.code : 'internal';
  const message = err?.message ?? String(e);
  if (code === 'internal' && /quota|QuotaExceeded/i.test(message)) code = 'storage';
  return { message, code, file: err?.file };
}

async function dispatch(req: Request): Promise<unknown> {
  const progress = (data: unknown) => post({ kind: 'progress', requestId: req.requestId, data });
  // The switch is exhaustive: adding a method to the protocol without a case fails to compile.
  switch (req.method) {
    case 'init':
      return handlers.init(req.params);
    case 'loadModel':
      return handlers.loadModel(req.params);
    case 'predict':
      return handlers.predict(req.params);
    case 'train':
      return handlers.train(req.params, progress);
    case 'stopTraining':
      return handlers.stopTraining();
    case 'getCheckpoint':
      return handlers.getCheckpoint();
    case 'discardCheckpoint':
      return handlers.discardCheckpoint();
    case 'listModels':
      return libraryHandlers.listModels();
    case 'exportModel':
      return handlers.exportModel(req.params);
    case 'importModel':
      return handlers.importModel(req.params);
    case 'evaluate':
      return handlers.evaluate(req.params, progress);
    case 'bench':
      return handlers.bench(req.params, progress);
    case 'inspectLayers':
      return inspectHandlers.inspectLayers();
    case 'featureMaps':
      return inspectHandlers.featureMaps(req.params);
    case 'filters':
      return inspectHandlers.filters();
    case 'noise':
      return inspectHandlers.noise(req.params);
    case 'dream':
      return inspectHandlers.dream(req.params, progress);
    case 'saliency':
      return inspectHandlers.saliency(req.params);
    case 'inspectCancel':
      return inspectHandlers.inspectCancel();
    case 'updateModel':
      return libraryHandlers.updateModel(req.params);
    case 'duplicateModel':
      return libraryHandlers.duplicateModel(req.params);
    case 'deleteModel':
      return libraryHandlers.deleteModel(req.params);
    case 'storageStatus':
      return libraryHandlers.storageStatus();
    case 'debugFault':
      return debugFault(req.params.kind);
    case 'augmentSample':
      return samplesHandlers.augmentSample(req.params);
    case 'fineTune':
      return samplesHandlers.fineTune(req.params, progress);
    case 'learnNow':
      return samplesHandlers.learnNow(req.params);
    case 'comparePredict':
      return samplesHandlers.comparePredict(req.params);
    default: {
      const never: never = req;
      throw Object.assign(new Error(`Unknown method ${(never as Request).method}`), { code: 'bad-request' });
    }
  }
}

self.onmessage = async (ev: MessageEvent<Request>) => {
  const req = ev.data;
  try {
    // A lost WebGL context mid-request: read-only requests run again once the backend is rebuilt.
    const data = await guarded(req.method, () => dispatch(req));
    post({ kind: 'result', requestId: req.requestId, data });
  } catch (e) {
    post({ kind: 'error', requestId: req.requestId, error: toErrorInfo(e) });
  }
};

export type { Method, ParamsOf, ResultOf };
