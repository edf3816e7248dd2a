/// <reference lib="webworker" />
/**
 * The worker's entry: dispatch only. Each request is routed to its
 * capability's handler (routes.ts); answers are `progress`, then one
 * `result` or `error`.
 */
import type { Method, Request, Response, ResultOf, WorkerEvent } from '../shared/protocol';
import { transferables } from '../shared/protocol';
import { badRequest, toErrorInfo } from './errors';
import { debugFault, guarded } from './faults';
import { inspectHandlers } from './inspect/handlers';
import { moreInspectHandlers } from './inspect/moreHandlers';
import { backendReady, beforeRequest, modelHandlers } from './models/handlers';
import type { Handler, Routes } from './routes';
import { samplesHandlers } from './samples/handlers';
import { state } from './state';
import { libraryHandlers } from './storage/handlers';
import { trainHandlers } from './train/handlers';

declare const self: DedicatedWorkerGlobalScope;

/** Every protocol method's handler; typed as `Routes`, so none can be missing or return the wrong thing. */
const routes: Routes = {
  ...modelHandlers,
  ...trainHandlers,
  ...libraryHandlers,
  ...inspectHandlers,
  ...moreInspectHandlers,
  ...samplesHandlers,
  // Losing the GPU context needs the backend up (the infer worker brings it up on first need).
  debugFault: async (p) => {
    if (p.kind === 'lose-context') await backendReady();
    return debugFault(p.kind);
  },
};

function post<M extends Method>(msg: Response<M>): void {
  self.postMessage(msg, transferables(msg));
}

/** Sends unsolicited news to the page. */
export function emit(event: WorkerEvent): void {
  post({ kind: 'event', event });
}
state.emit = emit;

async function dispatch<M extends Method>(req: Request<M>): Promise<ResultOf<M>> {
  // The one cast: TypeScript cannot see that routes[M] is Handler<M> for a generic M.
  const route = (routes as Partial<Record<Method, unknown>>)[req.method] as Handler<M> | undefined;
  if (!route) throw badRequest(`Unknown method ${String(req.method)}`);
  await beforeRequest(req.method);
  return route(req.params, (data) => post<M>({ kind: 'progress', requestId: req.requestId, data }));
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
