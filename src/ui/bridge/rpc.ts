/**
 * The RPC core over one worker: request ids, pending requests, progress,
 * abort and hang limits. The app's bridge and the scripts' harness both use
 * it; what happens when a worker hangs or dies is the caller's business
 * (`onHang`, `failAll`).
 */
import { transferables, WorkerError, type Method, type ParamsOf, type ProgressOf, type Request, type Response, type ResultOf, type WorkerEvent } from '../../shared/protocol';

/** What the RPC core needs of a Worker; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void;
}

export interface RequestOptions<M extends Method> {
  onProgress?: (data: ProgressOf<M>) => void;
  /** Aborting rejects the promise with an AbortError; the worker may still finish the work. */
  signal?: AbortSignal;
  /** Overrides the method's default hang limit (ms, 0 = none). */
  timeoutMs?: number;
}

export interface RpcHooks {
  /** Unsolicited news from the worker. */
  onEvent?(event: WorkerEvent): void;
  /** A request got no answer within its limit: the worker is presumed hung. */
  onHang?(method: Method, limitMs: number): void;
  /** The hang limit of a method in ms (0 = none); none by default. */
  limitOf?(method: Method): number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (data: never) => void;
  cleanup(): void;
}

/** Ids are unique across clients, so an answer can never be matched to the wrong request. */
let nextId = 1;

/** Typed requests to one worker, correlated by `requestId`. */
export class RpcClient {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly worker: WorkerLike,
    private readonly hooks: RpcHooks = {},
  ) {
    worker.addEventListener('message', (ev) => this.receive((ev as MessageEvent<Response>).data));
  }

  /** How many requests await an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends one request; resolves with its typed result. Buffers in `params` are transferred (detached here). */
  call<M extends Method>(method: M, params: ParamsOf<M>, options: RequestOptions<M> = {}): Promise<ResultOf<M>> {
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal));
    const requestId = nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const limit = options.timeoutMs ?? this.hooks.limitOf?.(method) ?? 0;
      const timer = limit > 0 ? setTimeout(() => this.hooks.onHang?.(method, limit), limit) : null;
      const onAbort = () => {
        this.pending.get(requestId)?.cleanup();
        reject(abortError(options.signal!));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: options.onProgress as ((d: never) => void) | undefined,
        cleanup: () => {
          if (timer !== null) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          this.pending.delete(requestId);
        },
      });
      const msg = { requestId, method, params } as Request<M>;
      try {
        this.worker.postMessage(msg, transferables(params));
      } catch (e) {
        this.pending.get(requestId)?.cleanup();
        reject(new WorkerError({ code: 'bad-request', message: `Could not send ${method}: ${e instanceof Error ? e.message : String(e)}` }));
      }
    });
  }

  /** Routes one message from the worker to its request (or to `onEvent`). */
  receive(msg: Response): void {
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'event') {
      this.hooks.onEvent?.(msg.event);
      return;
    }
    const p = this.pending.get(msg.requestId);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.data as never);
    } else if (msg.kind === 'result') {
      p.cleanup();
      p.resolve(msg.data);
    } else if (msg.kind === 'error') {
      p.cleanup();
      p.reject(new WorkerError(msg.error));
    }
  }

  /** Rejects every request still waiting (the worker died or was terminated). */
  failAll(error: unknown): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      p.cleanup();
      p.reject(error);
    }
  }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The request was aborted', 'AbortError');
}
