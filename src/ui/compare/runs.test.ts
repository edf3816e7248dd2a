import { describe, expect, it } from 'vitest';
import { kv, memoryBackend } from '../storage/kv';
import type { RunRecord } from '../train/runs';
import { defaultConfig } from '../../shared/zoo';
import { compareCsv, compareTable, damage, fromLive, loadRuns, CURRENT } from './runs';

const record = (id: string, over: Partial<RunRecord> = {}): RunRecord => ({
  id,
  name: `Run ${id}`,
  finishedAt: 1000,
  config: { ...defaultConfig('linear'), batchSize: 32 },
  stoppedEarly: true,
  epochsDone: 0,
  samplesSeen: 640,
  wallTimeSec: 4,
  testAccuracy: 0.8,
  curve: [
    { x: 10, loss: 1, acc: 0.5, lossEma: 1.1, accEma: 0.45 },
    { x: 20, loss: 0.8, acc: 0.7, lossEma: 0.9, accEma: 0.6 },
  ],
  val: [],
  bucket: 10,
  ...over,
});

describe('stored runs for comparison', () => {
  it('lists readable runs newest first and damaged ones with why, never dropping them silently', async () => {
    const store = kv<RunRecord>('runs', memoryBackend());
    await store.set('a', record('a', { finishedAt: 1 }));
    await store.set('b', record('b', { finishedAt: 2, clock: [{ x: 20, t: 2 }] }));
    await store.set('c', { ...record('c'), curve: 'garbage' } as unknown as RunRecord);
    await store.set('d', { ...record('d'), curve: [{ x: 1, loss: 1 }] } as unknown as RunRecord);
    await store.set('e', 42 as unknown as RunRecord);
    const { runs, damaged } = await loadRuns(store);
    expect(runs.map((r) => r.key)).toEqual(['b', 'a']);
    expect(runs[0].timed).toBe(true);
    expect(runs[1].timed).toBe(false);
    expect(damaged.map((d) => d.name).sort()).toEqual(['An unnamed run', 'Run c', 'Run d']);
    expect(damaged.find((d) => d.id === 'c')!.why).toMatch(/curve is missing/);
    expect(damaged.find((d) => d.id === 'd')!.why).toMatch(/unreadable/);
  });

  it('names what is wrong', () => {
    expect(damage(null)).toMatch(/not a run/);
    expect(damage({ ...record('x'), config: { ...record('x').config, arch: 'gpt' } })).toMatch(/architecture/);
    expect(damage({ ...record('x'), curve: [] })).toMatch(/empty/);
    expect(damage({ ...record('x'), curve: [...record('x').curve].reverse() })).toMatch(/unreadable/);
    expect(damage(record('x'))).toBeNull();
  });
});

describe('the comparison table and CSV', () => {
  it('marks the rows where runs differ', async () => {
    const store = kv<RunRecord>('runs', memoryBackend());
    await store.set('a', record('a'));
    await store.set('b', record('b', { config: { ...record('b').config, learningRate: 0.1 }, testAccuracy: 0.9 }));
    const { runs } = await loadRuns(store);
    const rows = compareTable(runs);
    const by = (label: string) => rows.find((r) => r.label === label)!;
    expect(by('Learning rate').differs).toBe(true);
    expect(by('Test accuracy')).toMatchObject({ differs: true, values: ['80.00%', '90.00%'] });
    expect(by('Architecture').differs).toBe(false);
    expect(by('Batch size').differs).toBe(false);
    expect(by('Training time').values[0]).toBe('4.0 s (total)');
    // Runs stored before drawn digits were measured show a dash, not 0%.
    expect(by('Drawn digits accuracy').values).toEqual(['–', '–']);
  });

  it('shows the drawn-digit recipe and score of runs that had them', async () => {
    const store = kv<RunRecord>('runs', memoryBackend());
    await store.set('a', record('a', { finishedAt: 1, strokeAccuracy: 0.9752 }));
    await store.set('b', record('b', { finishedAt: 2, config: { ...record('b').config, augment: true, elastic: 0.5, thickness: 0.3, strokeShare: 0.2 }, strokeAccuracy: 0.994 }));
    const { runs } = await loadRuns(store);
    const by = (label: string) => compareTable(runs).find((r) => r.label === label)!;
    expect(by('Drawn digits accuracy')).toMatchObject({ differs: true, values: ['99.40%', '97.52%'] });
    expect(by('Drawn digits mixed in').values).toEqual(['20% of each batch', 'none']);
    expect(by('Augmentation').values).toEqual(['on (elastic 50%, thickness 30%)', 'off']);
  });

  it('writes one row per point per run, with samples and seconds', async () => {
    const live = fromLive({ config: { ...defaultConfig('mlp'), batchSize: 64 }, curve: record('x').curve, bucket: 10, clock: [{ x: 20, t: 5 }], running: true, resultId: null, samplesPerSec: 0 });
    expect(live).toMatchObject({ key: CURRENT, live: true, samplesSeen: 1280, timed: true });
    const csv = compareCsv([live!]).trim().split('\n');
    expect(csv[0]).toBe('run_id,run_name,arch,batch_size,learning_rate,optimizer,augment,batch,samples,seconds,loss_smoothed,acc_smoothed,loss_mean,acc_mean');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^current,Tutorial MLP 784-784-10 \(running now\),mlp,64,[\d.]+,\w+,(true|false),20,1280,5,0\.9,0\.6,0\.8,0\.7$/);
    expect(fromLive({ config: null, curve: [], bucket: 1, clock: [], running: false, resultId: null, samplesPerSec: 0 })).toBeNull();
  });
});
