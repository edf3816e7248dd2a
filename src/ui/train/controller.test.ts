import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerError } from '../../shared/protocol';
import type { CheckpointInfo, ModelInfo, TrainProgress, TrainResult } from '../../shared/types';
import { defaultConfig } from '../../shared/zoo';
import { useStore } from '../store';
import { keepCurrent, TrainController, type TrainControllerDeps } from './controller';
import { LESSON_EPOCHS } from './form';
import { kv, memoryBackend } from '../storage/kv';
import { listRuns, MAX_RUNS, saveRun, type RunRecord } from './runs';
import { activationOf, keptOf, runConfigOf } from '../store/train';

const initial = useStore.getState();
const s = () => useStore.getState();

const model: ModelInfo = { id: 'run-1', name: 'run', arch: 'linear', params: 7850, testAccuracy: 0.9, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
const result = (stoppedEarly: boolean): TrainResult => ({ model, stoppedEarly, epochsDone: 1, samplesSeen: 100, wallTimeSec: 1, test: null });
const progress = (over: Partial<TrainProgress>): TrainProgress => ({ phase: 'training', epoch: 0, epochs: 2, batches: 0, batchesPerEpoch: 100, samplesPerSec: 50, etaSec: 10, points: [], lr: 0.1, ...over });

/** A fake lab worker: `train` waits until the test resolves or rejects it. */
function fakeDeps() {
  let onProgress: ((p: TrainProgress) => void) | undefined;
  let settle!: { resolve(r: TrainResult): void; reject(e: unknown): void };
  let checkpoint: CheckpointInfo | null = null;
  const calls: string[] = [];
  const loadModel = vi.fn(async () => model);
  const deps: TrainControllerDeps = {
    flushMs: 250,
    now: () => Date.now(),
    store: useStore.getState,
    loadModel,
    request: ((method: string, params: unknown, options?: { onProgress?: (p: TrainProgress) => void }) => {
      calls.push(method);
      if (method === 'train') {
        onProgress = options?.onProgress;
        return new Promise((resolve, reject) => (settle = { resolve, reject }));
      }
      if (method === 'getCheckpoint') return Promise.resolve(checkpoint);
      if (method === 'discardCheckpoint') {
        checkpoint = null;
        return Promise.resolve(null);
      }
      return Promise.resolve({ stopping: true });
    }) as TrainControllerDeps['request'],
  };
  return {
    deps,
    calls,
    loadModel,
    emit: (p: TrainProgress) => onProgress!(p),
    settle: () => settle,
    setCheckpoint: (c: CheckpointInfo | null) => (checkpoint = c),
  };
}

beforeEach(() => {
  useStore.setState(initial, true);
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('TrainController', () => {
  it('goes loading → training → stopping → done, activates the model and offers to resume', async () => {
    const f = fakeDeps();
    const c = new TrainController(f.deps);
    s().pickTrainArch('linear');
    const run = c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s().trainRun.state).toBe('loading');
    expect(runConfigOf(s().trainRun)).toEqual({ ...defaultConfig('linear'), epochs: LESSON_EPOCHS });
    f.emit(progress({ phase: 'loading-data', batchesPerEpoch: 0, loaded: 10000, total: 55000 }));
    expect(s().trainRun.state).toBe('loading');
    expect(s().trainStats?.loaded).toBe(10000);
    f.emit(progress({ batches: 10, points: Array.from({ length: 10 }, (_, i) => ({ batch: i, loss: 2, acc: 0.1 })) }));
    expect(s().trainRun.state).toBe('training');
    expect(s().trainStats?.batches).toBe(10);
    // More shards arriving mid-training do not reset the batch count or the state.
    f.emit(progress({ phase: 'loading-data', batchesPerEpoch: 0, batches: 0, loaded: 20000, total: 55000 }));
    expect(s().trainRun.state).toBe('training');
    await vi.advanceTimersByTimeAsync(300);
    expect(s().trainStats).toMatchObject({ batches: 10, loaded: 20000 });
    expect(s().trainCurve).toHaveLength(10);
    await c.stop();
    expect(s().trainRun.state).toBe('stopping');
    f.setCheckpoint({ config: defaultConfig('linear'), epochsDone: 0, batchesDone: 10, savedAt: 1, history: { val: [] } });
    f.settle().resolve(result(true));
    await run;
    await vi.advanceTimersByTimeAsync(0);
    expect(s().trainRun.state).toBe('done');
    expect(f.loadModel).toHaveBeenCalledWith('run-1');
    expect(activationOf(s().trainRun)).toBe('active');
    expect(s().trainCheckpoint?.batchesDone).toBe(10);
  });

  it('keeps a finished run’s history in storage, and a full disk is an alert, not a lost model', async () => {
    const backend = memoryBackend();
    const runs = kv<RunRecord>('runs', backend);
    const f = fakeDeps();
    const c = new TrainController({ ...f.deps, runs });
    s().pickTrainArch('linear');
    const run = c.start();
    await vi.advanceTimersByTimeAsync(0);
    f.emit(progress({ batches: 3, points: [0, 1, 2].map((i) => ({ batch: i, loss: 2 - i * 0.1, acc: 0.1 * i })) }));
    f.emit(progress({ batches: 3, points: [], val: { epoch: 1, loss: 1.5, acc: 0.6 } }));
    f.settle().resolve(result(false));
    await run;
    await vi.advanceTimersByTimeAsync(0);
    const [kept] = await listRuns(runs);
    expect(kept).toMatchObject({ id: 'run-1', name: 'run', epochsDone: 1, stoppedEarly: false, config: { ...defaultConfig('linear'), epochs: LESSON_EPOCHS } });
    expect(kept.curve.map((p) => p.loss)).toEqual([2, 1.9, 1.8]);
    expect(kept.val).toEqual([expect.objectContaining({ epoch: 1, acc: 0.6 })]);
    expect(s().trainRunsRevision).toBe(1);

    backend.fail = Object.assign(new Error('Quota exceeded'), { name: 'QuotaExceededError' });
    const run2 = c.start();
    await vi.advanceTimersByTimeAsync(0);
    f.settle().resolve(result(false));
    await run2;
    await vi.advanceTimersByTimeAsync(0);
    expect(s().alerts.find((a) => a.key === 'run-history')?.message).toMatch(/storage is full/i);
    expect(activationOf(s().trainRun)).toBe('active');
  });

  it('trains one run at a time across tabs: a held claim is an alert, and the claim is released when the run ends', async () => {
    const f = fakeDeps();
    let held = true;
    const release = vi.fn();
    const c = new TrainController({ ...f.deps, claimRun: async () => (held ? null : release) });
    await c.start();
    expect(f.calls).not.toContain('train');
    expect(s().alerts.find((a) => a.key === 'train')?.title).toBe('Training is running in another tab');
    expect(s().trainRun.state).toBe('idle');
    expect(c.busy).toBe(false);

    held = false;
    const run = c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toContain('train');
    expect(release).not.toHaveBeenCalled();
    // Freed when the worker's run ends, before its model is activated (that needs no claim).
    let activate!: () => void;
    f.loadModel.mockImplementationOnce(() => new Promise((r) => (activate = () => r(model))));
    f.settle().resolve(result(false));
    await vi.advanceTimersByTimeAsync(0);
    expect(release).toHaveBeenCalledOnce();
    activate();
    await run;
    expect(release).toHaveBeenCalledOnce();
  });

  it('keeps at most MAX_RUNS runs, dropping the oldest', async () => {
    const runs = kv<RunRecord>('runs', memoryBackend());
    const rec = (i: number): RunRecord => ({ id: `run-${i}`, name: `r${i}`, finishedAt: i, config: defaultConfig('linear'), stoppedEarly: false, epochsDone: 1, samplesSeen: 1, wallTimeSec: 1, testAccuracy: null, curve: [], val: [], bucket: 1 });
    for (let i = 0; i < MAX_RUNS + 3; i++) await saveRun(runs, rec(i));
    const list = await listRuns(runs);
    expect(list).toHaveLength(MAX_RUNS);
    expect(list[0].id).toBe(`run-${MAX_RUNS + 2}`);
    expect(list.at(-1)!.id).toBe('run-3');
  });

  it('writes progress to the store at most every flushMs', async () => {
    const f = fakeDeps();
    const c = new TrainController(f.deps);
    void c.start();
    await vi.advanceTimersByTimeAsync(0);
    f.emit(progress({ batches: 1, points: [{ batch: 0, loss: 1, acc: 0 }] }));
    const stats = vi.fn();
    const curves = vi.fn();
    const unsub = useStore.subscribe((st, prev) => {
      if (st.trainStats !== prev.trainStats) stats();
      if (st.trainCurve !== prev.trainCurve) curves();
    });
    for (let i = 1; i < 100; i++) {
      f.emit(progress({ batches: i + 1, points: [{ batch: i, loss: 1, acc: 0 }] }));
      await vi.advanceTimersByTimeAsync(10);
    }
    // 1 s of progress at 100 messages/s: about four writes of numbers and two of curves, not a hundred.
    expect(stats.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(stats.mock.calls.length).toBeLessThanOrEqual(5);
    expect(curves.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(curves.mock.calls.length).toBeLessThanOrEqual(3);
    // Held-back points still arrive once progress goes quiet.
    await vi.advanceTimersByTimeAsync(600);
    unsub();
    expect(s().trainCurve.at(-1)!.x).toBe(100);
  });

  it('resumes from the checkpoint: its config, batches counted on from where it stopped', async () => {
    const f = fakeDeps();
    const ckpt: CheckpointInfo = { config: { ...defaultConfig('mlp'), epochs: 3 }, epochsDone: 1, batchesDone: 20, savedAt: 1, history: { val: [{ epoch: 1, loss: 0.3, acc: 0.9 }] } };
    f.setCheckpoint(ckpt);
    const c = new TrainController(f.deps);
    await c.checkCheckpoint();
    expect(s().trainCheckpoint).toEqual(ckpt);
    void c.start(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(s().trainForm).toMatchObject({ arch: 'mlp', epochs: '3' });
    f.emit(progress({ epoch: 1, batches: 2, batchesPerEpoch: 100, points: [{ batch: 0, loss: 1, acc: 0.5 }, { batch: 1, loss: 1, acc: 0.5 }] }));
    await vi.advanceTimersByTimeAsync(300);
    expect(s().trainCurve.map((p) => p.x)).toEqual([121, 122]);
    expect(s().trainVal).toEqual([{ x: 100, epoch: 1, loss: 0.3, acc: 0.9 }]);
    expect(s().trainStats?.step).toBe(122);
  });

  it('turns worker errors into an alert naming the file, and state error', async () => {
    const f = fakeDeps();
    const c = new TrainController(f.deps);
    const run = c.start();
    await vi.advanceTimersByTimeAsync(0);
    f.settle().reject(new WorkerError({ code: 'data-missing', message: 'HTTP 404', file: 'train-03.bin' }));
    await run;
    expect(s().trainRun.state).toBe('error');
    const alert = s().alerts.find((a) => a.key === 'train')!;
    expect(alert.code).toBe('data-missing');
    expect(alert.message).toContain('train-03.bin');
  });

  it('does not start with an invalid form', async () => {
    const f = fakeDeps();
    const c = new TrainController(f.deps);
    s().setTrainForm({ batchSize: '0' });
    await c.start();
    expect(f.calls).not.toContain('train');
    expect(s().trainRun.state).toBe('idle');
  });
});

describe('keepCurrent: a run never silently replaces a better active model', () => {
  const active = (testAccuracy: number | null): Pick<ReturnType<typeof s>, 'modelInfo' | 'modelReady'> => ({
    modelReady: true,
    modelInfo: { ...model, id: 'default', name: 'Digit Lab CNN', builtin: true, testAccuracy },
  });
  const run = (accuracy: number | null) => ({ model, test: accuracy === null ? null : ({ accuracy } as TrainResult['test']) });

  it('keeps a better active model, and says which with its accuracy', () => {
    expect(keepCurrent(active(0.9955), run(0.568))).toEqual({ id: 'default', name: 'Digit Lab CNN', testAccuracy: 0.9955 });
  });
  it('activates a run that scores at least as well', () => {
    expect(keepCurrent(active(0.9955), run(0.9955))).toBeNull();
    expect(keepCurrent(active(0.98), run(0.99))).toBeNull();
  });
  it('keeps the active model when the run was not tested, or the active one was never measured', () => {
    expect(keepCurrent(active(0.98), run(null))).not.toBeNull();
    expect(keepCurrent(active(null), run(0.99))).not.toBeNull();
  });
  it('activates the run when no model is loaded', () => {
    expect(keepCurrent({ modelReady: false, modelInfo: null }, run(0.2))).toBeNull();
  });

  it('the controller keeps the better model and activates the run only when asked', async () => {
    const f = fakeDeps();
    const c = new TrainController(f.deps);
    useStore.setState(active(0.9955));
    s().pickTrainArch('linear');
    const started = c.start();
    await vi.advanceTimersByTimeAsync(0);
    f.settle().resolve({ ...result(true), test: { accuracy: 0.568 } as TrainResult['test'] });
    await started;
    await vi.advanceTimersByTimeAsync(0);
    expect(f.loadModel).not.toHaveBeenCalled();
    expect(activationOf(s().trainRun)).toBe('kept');
    expect(keptOf(s().trainRun)).toMatchObject({ id: 'default', testAccuracy: 0.9955 });
    await c.activate('run-1');
    expect(f.loadModel).toHaveBeenCalledWith('run-1');
    expect(activationOf(s().trainRun)).toBe('active');
    expect(keptOf(s().trainRun)).toBeNull();
  });
});
