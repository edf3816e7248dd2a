/**
 * The inference gate: which model the prediction engine holds, and
 * latest-wins prediction against it. Predictions wait while a model loads,
 * fail when it failed, and an answer from any model but the active one is
 * never handed on (the header and the answer always name the same model).
 */
import type { WorkerError, PredictResult } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { toWorkerError, WorkerCrashError, type StoreWriter } from './events';

/** The model the app starts with. */
export const DEFAULT_MODEL_ID = 'default';

/** What the gate needs of the infer worker. */
export interface InferWorker {
  loadModel(id: string): Promise<ModelInfo>;
  predict(image: Float32Array): Promise<PredictResult>;
}

interface PredictJob {
  image: Float32Array;
  resolve(r: PredictResult | null): void;
  reject(e: unknown): void;
  retried: boolean;
}

type GateState = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: WorkerError };

export class InferenceGate {
  /** The model the infer worker holds (or is loading); reloaded after a restart. */
  activeModelId: string = DEFAULT_MODEL_ID;
  private gate: GateState = { state: 'loading' };
  /** Bumped by every load: only the newest load may mark the model ready or failed. */
  private loads = 0;
  private inFlight: PredictJob | null = null;
  private waiting: PredictJob | null = null;

  constructor(
    private readonly worker: InferWorker,
    private readonly writer: StoreWriter,
  ) {}

  /** Names the model about to load before the worker is up, so the header says what is coming. */
  begin(id: string): void {
    this.activeModelId = id;
    this.writer.modelLoading(id);
  }

  /** Makes `id` the active model (loads and warms it). Failures also become an alert. */
  async loadModel(id: string): Promise<ModelInfo> {
    const ticket = ++this.loads;
    this.activeModelId = id;
    this.gate = { state: 'loading' };
    this.writer.modelLoading(id);
    try {
      const info = await this.worker.loadModel(id);
      if (ticket === this.loads) {
        this.gate = { state: 'ready' };
        this.writer.modelLoaded(info);
        this.pump();
      }
      return info;
    } catch (e) {
      const err = toWorkerError(e);
      // A crash mid-load is handled by the restart, which loads again; a superseded load is nobody's news.
      if (ticket === this.loads && !(err instanceof WorkerCrashError)) this.fail(id, err, 'The model could not be loaded');
      throw err;
    }
  }

  /** The model cannot be used: the user is told, and waiting predictions reject. */
  fail(id: string, err: WorkerError, title: string): void {
    this.gate = { state: 'failed', error: err };
    this.writer.modelFailed(id, err, title);
    this.pump();
  }

  /** The infer worker is gone for good (the store was told by the supervisor's hook). */
  gaveUp(err: WorkerError): void {
    this.gate = { state: 'failed', error: err };
    this.pump();
  }

  /**
   * Predicts `image` without ever queueing stale work: at most one predict
   * is in flight; of those arriving meanwhile only the newest waits, and the
   * ones it replaces resolve to null ("superseded"). `image` is copied.
   */
  predictLatest(image: Float32Array): Promise<PredictResult | null> {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null);
      this.waiting = { image, resolve, reject, retried: false };
      this.pump();
    });
  }

  /** Rejects what waits; the gate cannot be used afterwards. */
  dispose(error: WorkerError): void {
    this.waiting?.reject(error);
    this.waiting = null;
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
    this.worker.predict(job.image.slice()).then(
      (result) => {
        this.inFlight = null;
        if (result.modelId === this.activeModelId && this.gate.state === 'ready') job.resolve(result);
        else this.again(job, null);
        this.pump();
      },
      (e: unknown) => {
        this.inFlight = null;
        // The worker died under it: try once more after the restart.
        if (e instanceof WorkerCrashError) this.again(job, e);
        else job.reject(e);
        this.pump();
      },
    );
  }

  /** A job whose answer cannot be used: a newer drawing supersedes it, else it runs once more. */
  private again(job: PredictJob, error: unknown): void {
    if (this.waiting) job.resolve(null);
    else if (!job.retried) this.waiting = { ...job, retried: true };
    else if (error) job.reject(error);
    else job.resolve(null);
  }
}
