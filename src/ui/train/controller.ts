/**
 * Runs training from the page: sends `train` to the lab worker, folds its
 * progress into downsampled curves, and writes the store at most a few times
 * a second (state changes go through at once). Lives outside React, so a run
 * keeps going, and keeps being recorded, while the user draws in another tab.
 */
import { WorkerError, type ParamsOf, type ResultOf, type WorkerErrorInfo } from '../../shared/protocol';
import type { CheckpointInfo, ModelInfo, TrainConfig, TrainProgress, TrainResult } from '../../shared/types';
import { getBridge, type RequestOptions } from '../bridge';
import { useStore, type State } from '../store';
import { runConfigOf } from '../store/train';
import { keepCurrent } from './keep';
import { formFromConfig, parseForm, startingPoint } from './form';
import { ProgressFold } from './progress';
import { runRecord, runsStore, saveRun, type RunRecord } from './runs';
import type { Kv } from '../storage/kv';
import { trainAlert } from './alerts';
import { claimRunLock } from './lock';

export { trainAlert } from './alerts';
export { claimRunLock } from './lock';
export { keepCurrent } from './keep';
import { ProgressThrottle } from '../common/throttle';

type LabMethod = 'train' | 'stopTraining' | 'getCheckpoint' | 'discardCheckpoint' | 'bench';

export interface TrainControllerDeps {
  request<M extends LabMethod>(method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>>;
  /** Makes a library model the one that reads drawings. */
  loadModel(id: string): Promise<ModelInfo>;
  store(): State;
  /**
   * Claims the right to train (one run at a time across tabs: they share one
   * checkpoint). Resolves to a release function, or null when another tab holds it.
   */
  claimRun?(): Promise<(() => void) | null>;
  /** Where finished runs' histories are kept (absent: not kept). */
  runs?: Kv<RunRecord>;
  /** Least time between two store writes of progress, ms. */
  flushMs?: number;
  /** Least time between two new sets of curve points (charts cost more to redraw than numbers), ms. */
  curveMs?: number;
  /** Most points per plotted curve. */
  maxPoints?: number;
  now?: () => number;
}

export class TrainController {
  private readonly deps: TrainControllerDeps;
  /** Curves, validation points and latest numbers of the run, folded from its progress. */
  private readonly fold: ProgressFold;
  /** Progress reaches the store at most every `flushMs`; state changes at once. */
  private readonly throttle: ProgressThrottle;
  /** The next write also brings curve points held back by `curveMs`. */
  private flushAll = false;
  private running = false;
  /** A speed measurement holds the lab worker (it answers Train with "already running" meanwhile). */
  measuring = false;

  constructor(deps: TrainControllerDeps) {
    this.deps = deps;
    const now = deps.now ?? (() => performance.now());
    this.fold = new ProgressFold(now, deps.curveMs ?? 500, deps.maxPoints ?? 400);
    this.throttle = new ProgressThrottle(() => this.write(), deps.flushMs ?? 250, now);
  }

  get busy(): boolean {
    return this.running;
  }

  /** Starts a run from the form, or (resume) continues the stored checkpoint. Never rejects. */
  async start(resume = false): Promise<void> {
    if (this.running || this.measuring) return;
    this.running = true;
    const release = this.deps.claimRun ? await this.deps.claimRun() : () => undefined;
    if (!release) {
      this.running = false;
      this.deps.store().pushAlert({
        key: 'train',
        title: 'Training is running in another tab',
        message: 'Digit Lab trains one model at a time, because runs share one checkpoint. Stop the run in the other tab (or close it), then press Train here. Drawing, teaching and the library work meanwhile.',
      });
      return;
    }
    // Freed as soon as the worker's run ends: activating its model needs no claim.
    let held = true;
    const free = () => {
      if (held) release();
      held = false;
    };
    try {
      await this.startClaimed(resume, this.deps.store(), free);
    } finally {
      free();
    }
  }

  private async startClaimed(resume: boolean, s: State, free: () => void): Promise<void> {
    let config: TrainConfig;
    let resumeFrom: CheckpointInfo | null = null;
    try {
      if (resume) {
        const ckpt = s.trainCheckpoint ?? (await this.checkCheckpoint());
        if (!ckpt) {
          this.running = false;
          s.pushAlert({ key: 'train', title: 'Nothing to resume', message: 'The interrupted run\u2019s checkpoint is gone; start a new run instead.' });
          return;
        }
        config = ckpt.config;
        s.setTrainForm(formFromConfig(config));
        resumeFrom = ckpt;
      } else {
        const parsed = parseForm(s.trainForm, undefined, startingPoint(s.modelId, s.modelInfo?.arch));
        if (!parsed.ok) {
          this.running = false;
          return;
        }
        config = parsed.config;
        // A new run replaces the old checkpoint (the offer said so).
        if (s.trainCheckpoint) await this.discard();
      }
    } catch (e) {
      this.running = false;
      this.fail(e);
      return;
    }
    this.fold.begin(resumeFrom);
    s.dismissAlert('train');
    this.deps.store().runStarted(config, resume ? this.deps.store().trainCheckpoint : null);
    this.flush(true);
    try {
      const result = await this.deps.request('train', { config, resume }, { onProgress: (p) => this.onProgress(p) });
      this.running = false;
      free();
      await this.finish(result);
    } catch (e) {
      this.running = false;
      free();
      this.fail(e);
    }
  }

  /**
   * Measures this device's training speed for `config` (its architecture and
   * batch size): a few seconds of real batches on a small slice of MNIST,
   * nothing saved. Resolves to images per second; rejects if a run is going.
   */
  async measureSpeed(config: TrainConfig, seconds = 4): Promise<number> {
    if (this.running) throw new Error('A run is training: its own speed is shown instead.');
    this.measuring = true;
    try {
      const r = await this.deps.request('bench', {
        loop: 'ours',
        quick: true,
        config: { ...config, epochs: 1, trainLimit: Math.max(config.batchSize * 40, 2000), testLimit: 100, initFrom: undefined, seed: 1 },
        seconds,
        warmupBatches: 2,
      });
      return r.samplesPerSec;
    } finally {
      this.measuring = false;
    }
  }

  /** Asks the worker to stop after the current batch; it then tests and saves what it has. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.deps.store().runStopping();
    try {
      await this.deps.request('stopTraining', {});
    } catch (e) {
      // The train request itself reports a dead worker; nothing more to say here.
      console.warn('[digit-lab] stopTraining failed', e);
    }
  }

  /** Asks the lab worker for a resumable checkpoint and records it. */
  async checkCheckpoint(): Promise<CheckpointInfo | null> {
    try {
      const ckpt = await this.deps.request('getCheckpoint', {});
      this.deps.store().checkpointKnown(ckpt);
      return ckpt;
    } catch (e) {
      console.warn('[digit-lab] getCheckpoint failed', e);
      this.deps.store().checkpointKnown(null);
      return null;
    }
  }

  /** Forgets the stored checkpoint. */
  async discard(): Promise<void> {
    try {
      await this.deps.request('discardCheckpoint', {});
    } finally {
      this.deps.store().checkpointKnown(null);
    }
  }

  private onProgress(p: TrainProgress): void {
    const phaseChanged = this.fold.add(p);
    if (this.deps.store().trainRun.state === 'loading' && this.fold.trainingStarted) {
      this.deps.store().runTraining();
      this.flush(true);
    } else if (phaseChanged) {
      // Phase changes (validating, testing, saving) are few and worth showing at once.
      this.flush(true);
    } else {
      this.scheduleFlush();
    }
  }

  private async finish(result: TrainResult): Promise<void> {
    this.flush(true);
    this.deps.store().runFinished(result);
    // A stopped run left a checkpoint to resume; a finished one cleared it.
    if (result.stoppedEarly) void this.checkCheckpoint();
    void this.keepHistory(result);
    const kept = keepCurrent(this.deps.store(), result);
    if (kept) {
      // A stopped or weaker run never silently replaces a better model: the user may still choose it.
      this.deps.store().runActivation('kept', kept);
      return;
    }
    await this.activate(result.model.id);
  }

  /** Makes the run's model the one that reads drawings (also the "Use this model" button). */
  async activate(id: string): Promise<void> {
    this.deps.store().runActivation('loading');
    try {
      await this.deps.loadModel(id);
      this.deps.store().runActivation('active');
    } catch {
      // The bridge has already shown why the model could not be loaded.
      this.deps.store().runActivation('failed');
    }
  }

  /** Stores the run's curves so they outlive the session (the library lists them). */
  private async keepHistory(result: TrainResult): Promise<void> {
    const runs = this.deps.runs;
    const st = this.deps.store();
    const config = runConfigOf(st.trainRun);
    if (!runs || !config) return;
    try {
      await saveRun(runs, runRecord(result, config, this.fold.history()));
      st.runRecorded();
    } catch (e) {
      st.pushAlert({ key: 'run-history', title: 'The run’s history could not be kept', message: `${e instanceof Error ? e.message : String(e)} The model itself was saved; its curves can still be exported as CSV from the Library until you close the tab.`, code: 'storage' });
    }
  }

  private fail(e: unknown): void {
    this.flush(true);
    const info: WorkerErrorInfo = e instanceof WorkerError ? e.info : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    const { title, message } = trainAlert(info);
    this.deps.store().runFailed(message);
    this.deps.store().pushAlert({ key: 'train', title, message, detail: info.message === message ? undefined : info.message, file: info.file, code: info.code });
    // A NaN guard or a crash may have left a checkpoint worth resuming.
    void this.checkCheckpoint();
  }

  private scheduleFlush(): void {
    this.throttle.request();
  }

  /** Writes buffered progress to the store now; new curve points at most every `curveMs` unless `all`. */
  private flush(all = false): void {
    this.flushAll = all;
    this.throttle.flush();
  }

  private write(): void {
    const all = this.flushAll;
    this.flushAll = false;
    const { patch, heldBack } = this.fold.patch(all);
    // Held back: make sure a later flush brings them even if no more progress comes.
    if (heldBack) this.scheduleFlush();
    this.deps.store().runProgress(patch);
  }
}

let instance: TrainController | null = null;

/** The app's train controller, talking to the lab worker through the bridge. */
export function trainController(): TrainController {
  instance ??= new TrainController({
    request: (method, params, options) => getBridge().request('lab', method, params, options),
    loadModel: (id) => getBridge().loadModel(id),
    store: useStore.getState,
    runs: runsStore(),
    claimRun: claimRunLock,
  });
  return instance;
}
