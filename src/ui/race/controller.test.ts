import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelInfo, RaceProgress, RaceResult, TrainProgress, TrainResult } from '../../shared/types';
import { useStore } from '../store';
import { kv, memoryBackend } from '../storage/kv';
import { listRuns, type RunRecord } from '../train/runs';
import { RaceController, raceConfigs, type RaceDeps } from './controller';

const initial = useStore.getState();
const s = () => useStore.getState();
const progress = (over: Partial<TrainProgress>): TrainProgress => ({ phase: 'training', epoch: 0, epochs: 1, batches: 0, batchesPerEpoch: 100, samplesPerSec: 50, etaSec: 10, points: [], lr: 0.1, ...over });
const pts = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ batch: from + i, loss: 2 - i / 100, acc: 0.1 }));
const model = (id: string): ModelInfo => ({ id, name: id, arch: 'mlp', params: 0, testAccuracy: 0.9, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });
const result = (id: string): TrainResult => ({ model: model(id), stoppedEarly: true, epochsDone: 0, samplesSeen: 640, wallTimeSec: 3, test: null });

function fake(over: Partial<RaceDeps> = {}) {
  let onProgress!: (p: RaceProgress) => void;
  let settle!: (r: RaceResult) => void;
  const calls: string[] = [];
  const runs = kv<RunRecord>('runs', memoryBackend());
  const deps: RaceDeps = {
    store: useStore.getState,
    runs,
    budget: () => 4e9,
    trainBusy: () => false,
    now: () => Date.now(),
    request: ((method: string, _params: unknown, options?: { onProgress?: (p: RaceProgress) => void }) => {
      calls.push(method);
      if (method === 'trainRace') {
        onProgress = options!.onProgress!;
        return new Promise((resolve) => (settle = resolve));
      }
      if (method === 'raceCheckpoint') return Promise.resolve(null);
      return Promise.resolve({ stopping: true });
    }) as RaceDeps['request'],
    ...over,
  };
  return { deps, calls, runs, emit: (side: 0 | 1, p: TrainProgress) => onProgress({ side, progress: p }), settle: (r: RaceResult) => settle(r) };
}

beforeEach(() => {
  useStore.setState(initial, true);
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('RaceController', () => {
  it('keeps each side on its own curve, unshifted by shard-loading news, and keeps both histories', async () => {
    const f = fake();
    const c = new RaceController(f.deps);
    const run = c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s().raceState).toBe('loading');
    f.emit(0, progress({ batches: 10, points: pts(0, 10) }));
    expect(s().raceState).toBe('training');
    // Shards still arriving: reported with batches 0, which must not move the curve.
    f.emit(0, progress({ phase: 'loading-data', batches: 0, batchesPerEpoch: 0, loaded: 30000, total: 55000 }));
    f.emit(0, progress({ batches: 20, points: pts(10, 10) }));
    f.emit(1, progress({ batches: 19, points: pts(0, 19) }));
    await vi.advanceTimersByTimeAsync(300);
    const [a, b] = s().raceSides;
    expect(a.curve.map((p) => p.x)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(a.stats?.batches).toBe(20);
    expect(b.curve.at(-1)!.x).toBe(19);
    await c.stop();
    expect(s().raceState).toBe('stopping');
    f.settle({ sides: [{ ok: true, result: result('run-1-a') }, { ok: false, error: { code: 'nan-loss', message: 'B diverged' } }] });
    await run;
    expect(s().raceState).toBe('done');
    expect(s().raceSides[0].result?.model.id).toBe('run-1-a');
    expect(s().raceSides[1].error).toBe('B diverged');
    const kept = await listRuns(f.runs);
    expect(kept.map((r) => r.id)).toEqual(['run-1-a']);
    expect(kept[0].curve).toHaveLength(20);
    expect(f.calls).toEqual(['trainRace', 'stopTraining', 'raceCheckpoint']);
  });

  it('says before starting when the two models do not fit, or a field is wrong, or a run is training', async () => {
    const f = fake({ budget: () => 1000 });
    await new RaceController(f.deps).start();
    expect(s().alerts.find((a) => a.key === 'race')?.message).toMatch(/need about \d+ MB/);
    expect(f.calls).toEqual([]);
    s().setRaceForm({ lr: ['0.001', 'x'] });
    expect(new RaceController(fake().deps).blocker()).toMatch(/^B: Learning rate/);
    const busy = fake({ trainBusy: () => true });
    await new RaceController(busy.deps).start();
    expect(busy.calls).toEqual([]);
    expect(s().alerts.find((a) => a.key === 'race')?.title).toMatch(/A run is training/);
  });

  it('builds two configs with one batch size and seed', () => {
    const r = raceConfigs({ arch: ['cnn', 'mlp'], lr: ['0.003', '0.001'], batchSize: '64', epochs: '2' });
    expect(r.ok && r.configs.map((c) => [c.arch, c.batchSize, c.seed, c.epochs, c.learningRate])).toEqual([
      ['cnn', 64, 1, 2, 0.003],
      ['mlp', 64, 1, 2, 0.001],
    ]);
  });
});
