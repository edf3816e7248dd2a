/**
 * Keeps the two workers alive: spawns and inits a role's worker on first
 * use, terminates and respawns it when it crashes or hangs, and gives up
 * after too many restarts in a short while.
 */
import { WorkerError, type InitParams, type InitResult, type Method, type ParamsOf, type ResultOf, type WorkerEvent, type WorkerRole } from '../../shared/protocol';
import type { BackendName } from '../../shared/types';
import { ROLE_NAME, WorkerCrashError } from './events';
import { RpcClient, type RequestOptions, type WorkerLike } from './rpc';
import { DEFAULT_TIMEOUTS, FALLBACK_TIMEOUT, SECOND } from './timeouts';

export type WorkerFactory = (role: WorkerRole) => WorkerLike;

export interface SupervisorOptions {
  spawn: WorkerFactory;
  /** Absolute URL of the site root, handed to workers in `init`. */
  baseUrl: string;
  /** Force a backend (e.g. `?backend=cpu`). */
  backend?: BackendName;
  /** Lets tests provoke faults (`debugFault`); the app passes `navigator.webdriver`. */
  debug?: boolean;
  /** Per-method hang limits in ms (0 = none); merged over the defaults. */
  timeouts?: Partial<Record<Method, number>>;
  /** Restarts allowed per role within `restartWindowMs` before giving up. Default 3. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export interface SupervisorHooks {
  /** A worker answered `init`. */
  started(role: WorkerRole, res: InitResult): void;
  event(role: WorkerRole, event: WorkerEvent): void;
  /** A worker was terminated and will be respawned on the next request. */
  restarted(role: WorkerRole, reason: string): void;
  /** A worker keeps stopping: it stays down. */
  gaveUp(role: WorkerRole, err: WorkerError): void;
}

interface Channel {
  role: WorkerRole;
  worker: WorkerLike | null;
  rpc: RpcClient | null;
  /** Resolves once `init` has answered; requests wait on it. */
  ready: Promise<InitResult> | null;
  restarts: number[];
  /** Gave up after too many crashes. */
  dead: WorkerError | null;
}

export class Supervisor {
  private readonly timeouts: Partial<Record<Method, number>>;
  private readonly channels: Record<WorkerRole, Channel>;
  private disposed = false;

  constructor(
    private readonly opts: SupervisorOptions,
    private readonly hooks: SupervisorHooks,
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    const channel = (role: WorkerRole): Channel => ({ role, worker: null, rpc: null, ready: null, restarts: [], dead: null });
    this.channels = { infer: channel('infer'), lab: channel('lab') };
  }

  /** Sends one request once the role's worker is up (spawning it if needed). */
  request<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options: RequestOptions<M> = {}): Promise<ResultOf<M>> {
    return this.ensureStarted(role).then(() => this.send(role, method, params, options));
  }

  /** Spawns and inits a role's worker if it is not running; resolves when it is ready. */
  ensureStarted(role: WorkerRole): Promise<InitResult> {
    const ch = this.channels[role];
    if (this.disposed) return Promise.reject(new WorkerError({ code: 'cancelled', message: 'The bridge was disposed' }));
    if (ch.dead) return Promise.reject(ch.dead);
    if (ch.ready) return ch.ready;
    const worker = this.opts.spawn(role);
    ch.worker = worker;
    ch.rpc = new RpcClient(worker, {
      onEvent: (event) => {
        if (ch.worker === worker) this.hooks.event(role, event);
      },
      onHang: (method, limit) => this.restart(role, `${method} got no answer in ${Math.round(limit / SECOND)} s`),
      limitOf: (method) => this.timeouts[method] ?? FALLBACK_TIMEOUT,
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
    const params: InitParams = { role, baseUrl: this.opts.baseUrl, ...(this.opts.backend ? { backend: this.opts.backend } : {}), ...(this.opts.debug ? { debug: true } : {}) };
    const ready = this.send(role, 'init', params, {}).then((res) => {
      this.hooks.started(role, res);
      return res;
    });
    ch.ready = ready;
    // An init failure is reported to whoever awaits it; start over on the next request.
    ready.catch(() => {
      if (ch.ready === ready) this.kill(ch, null);
    });
    return ready;
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
      this.hooks.gaveUp(role, ch.dead);
      return;
    }
    this.hooks.restarted(role, reason);
  }

  /** Whether a role's worker is running (spawned and not terminated). */
  isRunning(role: WorkerRole): boolean {
    return this.channels[role].worker !== null;
  }

  /** Terminates both workers, rejecting what they had in flight with `error`. */
  dispose(error: WorkerError): void {
    this.disposed = true;
    for (const ch of Object.values(this.channels)) this.kill(ch, error);
  }

  private send<M extends Method>(role: WorkerRole, method: M, params: ParamsOf<M>, options: RequestOptions<M>): Promise<ResultOf<M>> {
    const rpc = this.channels[role].rpc;
    if (!rpc) return Promise.reject(new WorkerCrashError(role, 'it was not running'));
    return rpc.call(method, params, options);
  }

  /** Terminates a channel's worker; rejects its in-flight requests with `error` (if given). */
  private kill(ch: Channel, error: WorkerError | null): void {
    const { worker, rpc } = ch;
    ch.worker = null;
    ch.rpc = null;
    ch.ready = null;
    worker?.terminate();
    rpc?.failAll(error ?? new WorkerCrashError(ch.role, 'it failed to start'));
  }
}
