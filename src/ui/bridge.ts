/**
 * The only module that talks to workers. Two instances of the same worker
 * script: `infer` answers predictions and never trains, so drawing stays live
 * while `lab` trains and inspects. Requests are typed by the protocol and
 * correlated by `requestId`; a crashed or hung worker is terminated,
 * respawned and given back its model, and the user is told.
 */
import {
  transferables,
  WorkerError,
  type InitResult,
  type Method,
  type ParamsOf,
  type PredictResult,
  type ProgressOf,
  type Request,
  type Response,
  type ResultOf,
  type WorkerEvent,
  type WorkerRole,
} from '../shared/protocol';
import type { BackendName, ModelInfo } from '../shared/types';
import { useStore, type State } from './store';
import { bootLibrary } from './library/boot';

/** What the bridge needs of a Worker; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void;
}

export type WorkerFactory = (role: WorkerRole) => WorkerLike;

/** The store actions the bridge uses (the real store's `getState()` satisfies it). */
export type BridgeStore = Pick<
  State,
  | 'setBackend'
  | 'addNotice'
  | 'dismissNotice'
  | 'pushAlert'
  | 'dismissAlert'
  | 'modelLoading'
  | 'modelLoaded'
  | 'modelFailed'
  | 'modelSaved'
>;

export interface BridgeOptions {
  spawn: WorkerFactory;
  /** Absolute URL of the site root, handed to workers in `init`. */
  baseUrl: string;
  /** Force a backend (e.g. `?backend=cpu`). */
  backend?: BackendName;
  /** Lets tests provoke faults (`debugFault`); the app passes `navigator.webdriver`. */
  debug?: boolean;
  /** Store accessor; defaults to the app store. */
  store?: () => BridgeStore;
  /** Per-method hang limits in ms (0 = none); merged over the defaults. */
  timeouts?: Partial<Record<Method, number>>;
  /** Restarts allowed per role within `restartWindowMs` before giving up. Default 3. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export interface RequestOptions<M extends Method> {
  onProgress?: (data: ProgressOf<M>) => void;
  /** Aborting rejects the promise with an AbortError; the worker may still finish the work. */
  signal?: AbortSignal;
  /** Overrides the method's default hang limit (ms, 0 = none). */
  timeoutMs?: number;
}

/** The model the app starts with. */
export const DEFAULT_MODEL_ID = 'default';

const SECOND = 1000;
/** A method not listed in DEFAULT_TIMEOUTS gets this hang limit. */
export const FALLBACK_TIMEOUT = 60 * SECOND;
/** No answer within this long means the worker hung (0 = none). Training, evaluation and benchmarks run for as long as they take. */
export const DEFAULT_TIMEOUTS: Partial<Record<Method, number>> = {
  init: 60 * SECOND,
  loadModel: 30 * SECOND,
  predict: 30 * SECOND,
  train: 0,
  trainRace: 0,
  raceCheckpoint: 60 * SECOND,
  evaluate: 0,
  bench: 0,
  stopTraining: 30 * SECOND,
  // A hint sent on every stroke: a lab busy with a long batch answers it late, which is no hang.
  userInput: 0,
  getCheckpoint: 60 * SECOND,
  discardCheckpoint: 60 * SECOND,
  listModels: 60 * SECOND,
  exportModel: 60 * SECOND,
  exportOnnx: 60 * SECOND,
  importModel: 120 * SECOND,
  // Look inside (lab worker): generous, since they queue behind training batches; a dream runs as long as it takes.
  inspectLayers: 60 * SECOND,
  featureMaps: 60 * SECOND,
  filters: 60 * SECOND,
  noise: 60 * SECOND,
  dream: 0,
  saliency: 60 * SECOND,
  inspectCancel: 60 * SECOND,
  updateModel: 60 * SECOND,
  duplicateModel: 60 * SECOND,
  deleteModel: 60 * SECOND,
  storageStatus: 60 * SECOND,
  // Short, so the test that hangs a worker on purpose sees the restart quickly.
  debugFault: 5 * SECOND,
  // Teach (lab worker): a fine-tuning run takes as long as it takes; the others may queue behind training batches.
  augmentSample: 60 * SECOND,
  fineTune: 0,
  learnNow: 120 * SECOND,
  comparePredict: 60 * SECOND,
};

const ROLE_NAME: Record<WorkerRole, string> = { infer: 'prediction engine', lab: 'training lab' };

/** Rejection for requests that were in flight when their worker died or hung. */
export class WorkerCrashError extends WorkerError {
  constructor(role: WorkerRole, reason: string) {
    super({ code: 'internal', message: `The ${ROLE_NAME[role]} stopped (${reason}) and was restarted.` });
    this.name = 'WorkerCrashError';
  }
}

interface Pending {
  method: Method;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (data: never) => void;
  cleanup(): void;
}

interface Channel {
  role: WorkerRole;
  worker: WorkerLike | null;
  /** Resolves once `init` has answered; requests wait on it. */
  ready: Promise<InitResult> | null;
  pending: Map<number, Pending>;
  restarts: number[];
  /** Gave up after too many crashes. */
  dead: WorkerError | null;
}

interface PredictJob {
  image: Float32Array;
  resolve(r: PredictResult | null): void;
  reject(e: unknown): void;
  retried: boolean;
}

type ModelGate = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: WorkerError };

export class Bridge {
  private readonly opts: BridgeOptions;
  private readonly timeouts: Partial<Record<Method, number>>;
  private readonly channels: Record<WorkerRole, Channel>;
  private nextId = 1;
  private gate: ModelGate = { state: 'loading' };
  private inFlight: PredictJob | null = null;
  private waiting: PredictJob | null = null;
  private disposed = false;
  /** The model the infer worker holds (or is loading); reloaded after a restart. */
  activeModelId: string = DEFAULT_MODEL_ID;

  constructor(opts: BridgeOptions) {
    this.opts = opts;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    const channel = (role: WorkerRole): Channel => ({ role, worker: null, ready: null, pending: new Map(), restarts: [], dead: null });
    this.channels = { infer: channel('infer'), lab: channel('lab') };
  }

  private get store(): BridgeStore {
    return (this.opts.store ?? useStore.getState)();
  }

  /** App start: init the infer worker, then load and warm the default model. Never rejects; failures become alerts. */
  async start(modelId: string = DEFAULT_MODEL_ID): Promise<void> {
    this.activeModelId = modelId;
    this.store.modelLoading(modelId);
    try {
      await this.ensureStarted('infer');
    } catch (e) {
      const err = toError(e);
      // A crash or hang during start is handled by the restart, which loads the model again.
      if (!(err instanceof WorkerCrashError)) this.failModel(modelId, err, 'The prediction engine could not start');
      return;
    }
    await this.loadModel(modelId).catch(() => undefined);
  }

  /** Makes `id` the active model on the infer worker (loads and warms it). Failures also become an alert. */
  async loadModel(id: string): Promise<ModelInfo> {
    this.activeModelId = id;
    this.gate = { state: 'loading' };
    this.store.modelLoading(id);
    try {
      const info = await this.request('infer', 'loadModel', { id });
      if (this.activeModelId === id) {
        this.gate = { state: 'ready' };
        this.store.dismissAlert('model');
        this.store.modelLoaded(info);
        this.pump();
      }
      return info;
    } catch (e) {
      const err = toError(e);
      // A crash mid-load is handled by the restart, which loads again.
      if (this.activeModelId === id && !(err instanceof WorkerCrashError)) this.failModel(id, err, 'The model could not be loaded');
      throw err;
    }
  }

  /** Sends one request to a worker and resolves with its typed result. Buffers in `params` are transferred (detached here). */
  request<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options: RequestOptions<M> = {}): Promise<ResultOf<M>> {
    if (method === 'init') return Promise.reject(new TypeError('init is sent by the bridge itself'));
    return this.ensureStarted(role).then(() => this.send(role, method, params, options));
  }

  /**
   * Predicts `image` on the infer worker without ever queueing stale work:
   * at most one predict is in flight; of those arriving meanwhile only the
   * newest waits, and the ones it replaces resolve to null ("superseded").
   * Waits while the model loads; rejects if it failed to load. `image` is
   * copied, not detached.
   */
  predictLatest(image: Float32Array): Promise<PredictResult | null> {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null);
      this.waiting = { image, resolve, reject, retried: false };
      this.pump();
    });
  }

  /** Terminates and respawns a worker, rejecting what it had in flight. For hangs, crashes and tests. */
  restart(role: WorkerRole, reason: string): void {
    const ch = this.channels[role];
    if (this.disposed || ch.dead) return;
    this.kill(ch, new WorkerCrashError(role, reason));
    const now = Date.now();
    const windowMs = this.opts.restartWindowMs ?? 60 * SECOND;
    ch.restarts = [...ch.restarts.filter((t) => now - t < windowMs), now];
    if (ch.restarts.length > (this.opts.maxRestarts ?? 3)) {
      ch.dead = new WorkerError({ code: 'internal', message: `The ${ROLE_NAME[role]} keeps stopping (${reason}); reload the page to try again.` });
      this.store.dismissNotice(`restart-${role}`);
      this.store.pushAlert({ key: `dead-${role}`, title: `The ${ROLE_NAME[role]} stopped working`, message: ch.dead.message, code: 'internal' });
      if (role === 'infer') {
        this.gate = { state: 'failed', error: ch.dead };
        this.store.modelFailed(this.activeModelId, ch.dead.info);
        this.pump();
      }
      return;
    }
    this.store.addNotice(`The ${ROLE_NAME[role]} stopped responding (${reason}), so it was restarted${role === 'infer' ? ' and its model reloaded' : ''}.`, {
      tone: 'warning',
      key: `restart-${role}`,
    });
    if (role === 'infer') {
      const id = this.activeModelId;
      this.loadModel(id).catch(() => undefined);
    }
  }

  /** Terminates both workers; the bridge cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    const gone = new WorkerError({ code: 'cancelled', message: 'The page is closing' });
    for (const ch of Object.values(this.channels)) this.kill(ch, gone);
    this.waiting?.reject(gone);
    this.waiting = null;
  }

  /** Spawns and inits a role's worker now, ahead of its first request (failures surface on that request). */
  prestart(role: WorkerRole): void {
    this.ensureStarted(role).catch(() => undefined);
  }

  /** Tells a running lab that a stroke started or ended, so training gives way to drawing; never starts the lab. */
  userDrawing(drawing: boolean): void {
    if (!this.isRunning('lab')) return;
    this.request('lab', 'userInput', { drawing }).catch(() => undefined);
  }

  /** Whether a role's worker is running (spawned and not terminated). */
  isRunning(role: WorkerRole): boolean {
    return this.channels[role].worker !== null;
  }

  private pump(): void {
    if (this.inFlight || !this.waiting) return;
    if (this.gate.state === 'failed') {
      const job = this.waiting;
      this.waiting = null;
      job.reject(this.gate.error);
      return;
    }
    if (this.gate.state !== 'ready') return;
    const job = this.waiting;
    this.waiting = null;
    this.inFlight = job;
    this.request('infer', 'predict', { image: job.image.slice() }).then(
      (result) => {
        this.inFlight = null;
        job.resolve(result);
        this.pump();
      },
      (e: unknown) => {
        this.inFlight = null;
        if (e instanceof WorkerCrashError) {
          // The worker died under it: a newer drawing supersedes it, else try once more after the restart.
          if (this.waiting) job.resolve(null);
          else if (!job.retried) this.waiting = { ...job, retried: true };
          else job.reject(e);
        } else {
          job.reject(e);
        }
        this.pump();
      },
    );
  }

  private failModel(id: string, err: WorkerError, title: string): void {
    this.gate = { state: 'failed', error: err };
    this.store.modelFailed(id, err.info);
    const file = err.info.file;
    const what = file ? `The model file ${file}` : `The model “${id}”`;
    const message =
      err.info.code === 'model-missing'
        ? `${what} is missing, so nothing can read your drawing. You can still draw.`
        : err.info.code === 'model-corrupt'
          ? `${what} is damaged or is not a model, so nothing can read your drawing. You can still draw.`
          : `Nothing can read your drawing right now. You can still draw.`;
    this.store.pushAlert({ key: 'model', title, message, detail: err.message, file, code: err.info.code });
    this.pump();
  }

  /** Spawns and inits a role's worker if it is not running; resolves when it is ready. */
  private ensureStarted(role: WorkerRole): Promise<InitResult> {
    const ch = this.channels[role];
    if (this.disposed) return Promise.reject(new WorkerError({ code: 'cancelled', message: 'The bridge was disposed' }));
    if (ch.dead) return Promise.reject(ch.dead);
    if (ch.ready) return ch.ready;
    const worker = this.opts.spawn(role);
    ch.worker = worker;
    worker.addEventListener('message', (ev) => {
      if (ch.worker === worker) this.onMessage(ch, (ev as MessageEvent<Response>).data);
    });
    worker.addEventListener('error', (ev) => {
      if (ch.worker !== worker) return;
      const message = (ev as ErrorEvent).message;
      console.error(`[digit-lab] ${role} worker error`, message ?? ev);
      this.restart(role, message ? `error: ${message}` : 'it crashed');
    });
    worker.addEventListener('messageerror', () => {
      if (ch.worker === worker) this.restart(role, 'a message could not be read');
    });
    const params = { role, baseUrl: this.opts.baseUrl, ...(this.opts.backend ? { backend: this.opts.backend } : {}), ...(this.opts.debug ? { debug: true } : {}) };
    const ready = this.send(role, 'init', params, {}).then((res) => {
      if (role === 'infer') this.store.setBackend(res.backend, res.notice);
      else if (res.notice) this.store.addNotice(res.notice, { tone: 'warning', key: 'backend' });
      return res;
    });
    ch.ready = ready;
    // An init failure is reported to whoever awaits it; start over on the next request.
    ready.catch(() => {
      if (ch.ready === ready) {
        this.kill(ch, null);
      }
    });
    return ready;
  }

  private send<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options: RequestOptions<M>): Promise<ResultOf<M>> {
    const ch = this.channels[role];
    const worker = ch.worker;
    if (!worker) return Promise.reject(new WorkerCrashError(role, 'it was not running'));
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal));
    const requestId = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const limit = options.timeoutMs ?? this.timeouts[method] ?? FALLBACK_TIMEOUT;
      const timer = limit > 0 ? setTimeout(() => this.restart(role, `${method} got no answer in ${Math.round(limit / SECOND)} s`), limit) : null;
      const onAbort = () => {
        ch.pending.get(requestId)?.cleanup();
        reject(abortError(options.signal!));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      ch.pending.set(requestId, {
        method,
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: options.onProgress as ((d: never) => void) | undefined,
        cleanup: () => {
          if (timer !== null) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          ch.pending.delete(requestId);
        },
      });
      const msg = { requestId, method, params } as Request<M>;
      try {
        worker.postMessage(msg, transferables(params));
      } catch (e) {
        ch.pending.get(requestId)?.cleanup();
        reject(new WorkerError({ code: 'bad-request', message: `Could not send ${method}: ${toError(e).message}` }));
      }
    });
  }

  private onMessage(ch: Channel, msg: Response): void {
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'event') {
      this.onEvent(ch.role, msg.event);
      return;
    }
    const p = ch.pending.get(msg.requestId);
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

  private onEvent(role: WorkerRole, event: WorkerEvent): void {
    const store = this.store;
    switch (event.type) {
      case 'backend':
        if (role === 'infer') store.setBackend(event.backend, event.notice);
        break;
      case 'context-lost':
        store.addNotice('The graphics context was lost; the network will continue once it is restored.', { tone: 'warning', key: `gpu-${role}` });
        break;
      case 'context-restored':
        store.addNotice(
          `The graphics context was lost; the ${ROLE_NAME[role]} rebuilt it${event.modelId ? ' and reloaded its model' : ''} in ${((event.ms ?? 0) / 1000).toFixed(1)} s and carries on.`,
          { tone: 'info', key: `gpu-${role}` },
        );
        break;
      case 'storage':
        store.addNotice(
          `This browser won’t let Digit Lab use its storage (${event.status.reason ?? 'IndexedDB is unavailable'}), so models you train or import are kept in memory and are gone when you close the tab. Export the ones you want to keep.`,
          { tone: 'warning', key: 'storage' },
        );
        break;
      case 'model-saved':
        store.modelSaved(event.model);
        // New weights for the model on screen: the infer worker must pick them up.
        if (role === 'lab' && event.model.id === this.activeModelId) this.loadModel(event.model.id).catch(() => undefined);
        break;
      default: {
        const never: never = event;
        console.warn('[digit-lab] unknown worker event', never);
      }
    }
  }

  /** Terminates a channel's worker; rejects its in-flight requests with `error` (if given). */
  private kill(ch: Channel, error: WorkerError | null): void {
    const worker = ch.worker;
    ch.worker = null;
    ch.ready = null;
    worker?.terminate();
    const pending = [...ch.pending.values()];
    ch.pending.clear();
    for (const p of pending) {
      p.cleanup();
      p.reject(error ?? new WorkerCrashError(ch.role, 'it failed to start'));
    }
  }
}

function toError(e: unknown): WorkerError {
  if (e instanceof WorkerError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WorkerError({ code: 'internal', message });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The request was aborted', 'AbortError');
}

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

let instance: Bridge | null = null;

/** The app's bridge (created by `startBridge`). */
export function getBridge(): Bridge {
  if (!instance) throw new Error('The bridge has not been started');
  return instance;
}

/** Creates the app's bridge from the page URL, exposes `window.__digitLab`, and runs the start sequence. */
export function startBridge(): Bridge {
  if (instance) return instance;
  const forced = new URLSearchParams(location.search).get('backend');
  instance = new Bridge({
    spawn: spawnWorker,
    baseUrl: new URL('.', document.baseURI).href,
    backend: forced === 'cpu' || forced === 'webgl' ? forced : undefined,
    debug: navigator.webdriver === true,
  });
  window.__digitLab = { bridge: instance, store: useStore };
  // A stroke on any drawing canvas: training in the lab pauses between batches until it ends.
  useStore.subscribe((s, prev) => {
    if (s.drawing !== prev.drawing) instance?.userDrawing(s.drawing);
  });
  // The model the user chose last time, if it is still in the library.
  const bridge = instance;
  // The prediction engine starts (tfjs loads, WebGL initialises) while the library looks up which model to load.
  bridge.prestart('infer');
  void bootLibrary().then((id) => bridge.start(id));
  return instance;
}
