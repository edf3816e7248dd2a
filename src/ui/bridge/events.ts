/**
 * The one place where what the workers do becomes store writes and words
 * for the user: start-up, model loads, restarts, and unsolicited events.
 */
import { WorkerError, type InitResult, type WorkerEvent, type WorkerRole } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import type { State } from '../store/state';

/** The store actions the bridge uses (the real store's `getState()` satisfies it). */
export type BridgeStore = Pick<
  State,
  'setBackend' | 'addNotice' | 'dismissNotice' | 'pushAlert' | 'dismissAlert' | 'modelLoading' | 'modelLoaded' | 'modelFailed' | 'modelSaved'
>;

export const ROLE_NAME: Record<WorkerRole, string> = { infer: 'prediction engine', lab: 'training lab' };

/** Rejection for requests that were in flight when their worker died or hung. */
export class WorkerCrashError extends WorkerError {
  constructor(role: WorkerRole, reason: string) {
    super({ code: 'internal', message: `The ${ROLE_NAME[role]} stopped (${reason}) and was restarted.` });
    this.name = 'WorkerCrashError';
  }
}

/** Any rejection as a WorkerError. */
export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof WorkerError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WorkerError({ code: 'internal', message });
}

/** Writes what the workers report into the store, in the user's words. */
export class StoreWriter {
  constructor(private readonly store: () => BridgeStore) {}

  /** A worker answered `init`: the infer worker's backend is the one the page shows. */
  started(role: WorkerRole, res: InitResult): void {
    if (role === 'infer') this.store().setBackend(res.backend, res.notice);
    else if (res.notice) this.store().addNotice(res.notice, { tone: 'warning', key: 'backend' });
  }

  modelLoading(id: string): void {
    this.store().modelLoading(id);
  }

  modelLoaded(info: ModelInfo): void {
    this.store().dismissAlert('model');
    this.store().modelLoaded(info);
  }

  /** A model could not be loaded: the header says so and an alert names the file. */
  modelFailed(id: string, err: WorkerError, title: string): void {
    const store = this.store();
    store.modelFailed(id, err.info);
    const file = err.info.file;
    const what = file ? `The model file ${file}` : `The model “${id}”`;
    const message =
      err.info.code === 'model-missing'
        ? `${what} is missing, so nothing can read your drawing. You can still draw.`
        : err.info.code === 'model-corrupt'
          ? `${what} is damaged or is not a model, so nothing can read your drawing. You can still draw.`
          : `Nothing can read your drawing right now. You can still draw.`;
    store.pushAlert({ key: 'model', title, message, detail: err.message, file, code: err.info.code });
  }

  restarted(role: WorkerRole, reason: string): void {
    this.store().addNotice(`The ${ROLE_NAME[role]} stopped responding (${reason}), so it was restarted${role === 'infer' ? ' and its model reloaded' : ''}.`, {
      tone: 'warning',
      key: `restart-${role}`,
    });
  }

  /** Too many restarts: the worker stays down until the page is reloaded. */
  gaveUp(role: WorkerRole, err: WorkerError, activeModelId: string): void {
    const store = this.store();
    store.dismissNotice(`restart-${role}`);
    store.pushAlert({ key: `dead-${role}`, title: `The ${ROLE_NAME[role]} stopped working`, message: err.message, code: 'internal' });
    if (role === 'infer') store.modelFailed(activeModelId, err.info);
  }

  /** Unsolicited news from a worker. */
  event(role: WorkerRole, event: WorkerEvent): void {
    const store = this.store();
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
        break;
      default: {
        const never: never = event;
        console.warn('[digit-lab] unknown worker event', never);
      }
    }
  }
}
