/**
 * The only door to the workers. Two instances of the same worker script:
 * `infer` answers predictions and never trains, so drawing stays live while
 * `lab` trains and inspects. Requests are typed by the protocol and
 * correlated by `requestId` (rpc.ts); a crashed or hung worker is
 * terminated, respawned and given back its model (supervisor.ts);
 * predictions go through the inference gate (gate.ts); what the workers
 * report reaches the store in words (events.ts). Start-up is in ../start.ts.
 */
import { WorkerError, type Method, type ParamsOf, type PredictResult, type ResultOf, type WorkerEvent, type WorkerRole } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { useStore } from '../store';
import { StoreWriter, toWorkerError, WorkerCrashError, type BridgeStore } from './events';
import { DEFAULT_MODEL_ID, InferenceGate } from './gate';
import type { RequestOptions } from './rpc';
import { Supervisor, type SupervisorOptions } from './supervisor';

export { DEFAULT_MODEL_ID } from './gate';
export { DEFAULT_TIMEOUTS, FALLBACK_TIMEOUT } from './timeouts';
export { WorkerCrashError, type BridgeStore } from './events';
export type { RequestOptions, WorkerLike } from './rpc';
export type { WorkerFactory } from './supervisor';

export interface BridgeOptions extends SupervisorOptions {
  /** Store accessor; defaults to the app store. */
  store?: () => BridgeStore;
}

export class Bridge {
  private readonly writer: StoreWriter;
  private readonly workers: Supervisor;
  private readonly gate: InferenceGate;

  constructor(opts: BridgeOptions) {
    this.writer = new StoreWriter(opts.store ?? useStore.getState);
    this.workers = new Supervisor(opts, {
      started: (role, res) => this.writer.started(role, res),
      event: (role, event) => this.onEvent(role, event),
      restarted: (role, reason) => {
        this.writer.restarted(role, reason);
        if (role === 'infer') this.gate.loadModel(this.gate.activeModelId).catch(() => undefined);
      },
      gaveUp: (role, err) => {
        this.writer.gaveUp(role, err, this.gate.activeModelId);
        if (role === 'infer') this.gate.gaveUp(err);
      },
    });
    this.gate = new InferenceGate(
      {
        loadModel: (id) => this.request('infer', 'loadModel', { id }),
        predict: (image) => this.request('infer', 'predict', { image }),
      },
      this.writer,
    );
  }

  /** The model the infer worker holds (or is loading). */
  get activeModelId(): string {
    return this.gate.activeModelId;
  }

  /** App start: init the infer worker, then load and warm the model. Never rejects; failures become alerts. */
  async start(modelId: string = DEFAULT_MODEL_ID): Promise<void> {
    this.gate.begin(modelId);
    try {
      await this.workers.ensureStarted('infer');
    } catch (e) {
      const err = toWorkerError(e);
      // A crash or hang during start is handled by the restart, which loads the model again.
      if (!(err instanceof WorkerCrashError)) this.gate.fail(modelId, err, 'The prediction engine could not start');
      return;
    }
    await this.loadModel(modelId).catch(() => undefined);
  }

  /** Makes `id` the active model on the infer worker (loads and warms it). Failures also become an alert. */
  loadModel(id: string): Promise<ModelInfo> {
    return this.gate.loadModel(id);
  }

  /** Sends one request to a worker and resolves with its typed result. Buffers in `params` are transferred (detached here). */
  request<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options: RequestOptions<M> = {}): Promise<ResultOf<M>> {
    if (method === 'init') return Promise.reject(new TypeError('init is sent by the bridge itself'));
    return this.workers.request(role, method, params, options);
  }

  /** Latest-wins prediction on the infer worker (see InferenceGate.predictLatest). */
  predictLatest(image: Float32Array): Promise<PredictResult | null> {
    return this.gate.predictLatest(image);
  }

  /** Terminates and respawns a worker, rejecting what it had in flight. For hangs, crashes and tests. */
  restart(role: WorkerRole, reason: string): void {
    this.workers.restart(role, reason);
  }

  /** Spawns and inits a role's worker now, ahead of its first request (failures surface on that request). */
  prestart(role: WorkerRole): void {
    this.workers.ensureStarted(role).catch(() => undefined);
  }

  /** Tells a running lab that a stroke started or ended, so training gives way to drawing; never starts the lab. */
  userDrawing(drawing: boolean): void {
    if (!this.isRunning('lab')) return;
    this.request('lab', 'userInput', { drawing }).catch(() => undefined);
  }

  /** Tells a running lab that new frames are coming (the page shows another tab, or a pointer hovers over a drawing canvas), so training pauses for its grace time; never starts the lab. */
  userComing(): void {
    if (!this.isRunning('lab')) return;
    this.request('lab', 'userInput', {}).catch(() => undefined);
  }

  /** Whether a role's worker is running (spawned and not terminated). */
  isRunning(role: WorkerRole): boolean {
    return this.workers.isRunning(role);
  }

  /** Terminates both workers; the bridge cannot be used afterwards. */
  dispose(): void {
    const gone = new WorkerError({ code: 'cancelled', message: 'The page is closing' });
    this.workers.dispose(gone);
    this.gate.dispose(gone);
  }

  private onEvent(role: WorkerRole, event: WorkerEvent): void {
    this.writer.event(role, event);
    // New weights for the model on screen: the infer worker must pick them up.
    if (event.type === 'model-saved' && role === 'lab' && event.model.id === this.gate.activeModelId) this.loadModel(event.model.id).catch(() => undefined);
  }
}

let instance: Bridge | null = null;

/** The app's bridge (created at start-up, ../start.ts). */
export function getBridge(): Bridge {
  if (!instance) throw new Error('The bridge has not been started');
  return instance;
}

/** Installs the app's bridge; start-up calls it once. */
export function setBridge(bridge: Bridge): void {
  instance = bridge;
}
