import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo, RaceProgress, TrainConfig } from '../../shared/types';
import { memoryCheckpoints, openMnist, openStrokes } from '../testing/fixtures';
import type { MnistData } from '../data/dataset';
import { raceLoops, type RaceDeps } from './raceLoops';
import type { Side } from './turns';

let data: MnistData;
beforeAll(async () => {
  data = await openMnist();
});

const linear: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 640, testLimit: 200, seed: 5 };

function deps(over: Partial<RaceDeps> = {}) {
  const turns: Side[] = [];
  const progress: RaceProgress[] = [];
  const weights: Float32Array[][] = [[], []];
  const saved: string[] = [];
  const d: RaceDeps = {
    data,
    checkpoints: [memoryCheckpoints(), memoryCheckpoints()],
    skip: [false, false],
    onProgress: (p) => progress.push(p),
    shouldStop: () => false,
    onTurn: (k) => turns.push(k),
    saveResult: async (k, model, config, s): Promise<ModelInfo> => {
      weights[k] = model.getWeights().map((w) => w.dataSync() as Float32Array);
      saved.push(`side-${k}`);
      return { id: `run-${k}`, name: 'r', arch: config.arch, params: model.countParams(), testAccuracy: s.testAccuracy, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
    },
    ...over,
  };
  return { d, turns, progress, weights, saved };
}

describe('race loops (CPU backend, real MNIST subset)', () => {
  it('alternates batch by batch and both sides end as models', async () => {
    const { d, turns, progress, saved } = deps();
    const r = await raceLoops([linear, { ...linear, learningRate: 0.01 }], false, d);
    expect(turns).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2) as Side));
    expect(r.sides.map((s) => s.ok)).toEqual([true, true]);
    expect(saved.sort()).toEqual(['side-0', 'side-1']);
    for (const k of [0, 1]) expect(progress.filter((p) => p.side === k).flatMap((p) => p.progress.points)).toHaveLength(20);
  });

  it('a side whose recipe mixes in drawn digits gets them (the default CNN\u2019s recipe has a share), and both sides are tested on them', async () => {
    const { d } = deps({ strokes: await openStrokes() });
    const r = await raceLoops([{ ...linear, strokeShare: 0.25 }, linear], false, d);
    expect(r.sides.map((s) => s.ok)).toEqual([true, true]);
    for (const s of r.sides) expect(s.ok && s.result.strokes?.count).toBe(200);
    // Without the stroke shards the mixing side fails with a reason; the other still races.
    const bare = await raceLoops([{ ...linear, strokeShare: 0.25 }, linear], false, deps().d);
    expect(bare.sides[0]).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Drawn-digit training data/) } });
    expect(bare.sides[1].ok).toBe(true);
  });

  it('waits before every batch of each side, as a run does while someone draws', async () => {
    let waits = 0;
    const { d, turns } = deps({ beforeBatch: async () => void waits++ });
    await raceLoops([{ ...linear, trainLimit: 320 }, { ...linear, trainLimit: 320 }], false, d);
    expect(turns).toHaveLength(20);
    // Each side asks before each of its 10 batches, and once more when it finds its epoch done.
    expect(waits).toBeGreaterThanOrEqual(20);
    expect(waits).toBeLessThanOrEqual(22);
  });

  it('gives both sides the same images in the same order (same config, same weights)', async () => {
    const { d, weights } = deps();
    await raceLoops([linear, linear], false, d);
    expect(weights[0].length).toBeGreaterThan(0);
    weights[0].forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(weights[1][i])));
  });

  it('stops both sides on stop, each checkpointed, at most one batch apart', async () => {
    let calls = 0;
    const { d, turns } = deps({ shouldStop: () => ++calls > 9 });
    const before = tf.memory().numTensors;
    // Adam on both sides: a stopped SGD run leaves one tensor behind (optim.ts's learning-rate scalar, seen in a single run too).
    const sides: [TrainConfig, TrainConfig] = [{ ...linear, optimizer: 'adam', learningRate: 0.01 }, { ...linear, arch: 'mlp', learningRate: 0.001, optimizer: 'adam' }];
    const r = await raceLoops(sides, false, d);
    const ends = r.sides.map((s) => (s.ok ? s.result : null));
    expect(ends.every((e) => e?.stoppedEarly)).toBe(true);
    const seen = ends.map((e) => e!.samplesSeen / 32);
    expect(Math.abs(seen[0] - seen[1])).toBeLessThanOrEqual(1);
    expect(turns.length).toBe(seen[0] + seen[1]);
    expect((d.checkpoints[0] as ReturnType<typeof memoryCheckpoints>).saved).toBe(1);
    expect((d.checkpoints[1] as ReturnType<typeof memoryCheckpoints>).saved).toBe(1);
    // Only the shards the data cache keeps on purpose (train and test: images and labels) may remain.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2 * 2);

    // Resume: both continue from their checkpoints, still in turns.
    const again = deps({ checkpoints: d.checkpoints });
    const r2 = await raceLoops(sides, true, again.d);
    expect(r2.sides.every((s) => s.ok && !s.result.stoppedEarly)).toBe(true);
    expect(again.turns.slice(0, 6)).toEqual([0, 1, 0, 1, 0, 1]);
  }, 180_000);

  it('a side that fails is reported and the other runs on; a skipped side is not run', async () => {
    const { d, saved } = deps({ skip: [true, false] });
    const r = await raceLoops([linear, linear], false, d);
    expect(r.sides[0]).toMatchObject({ ok: false, error: { code: 'finished' } });
    expect(r.sides[1].ok).toBe(true);
    expect(saved).toEqual(['side-1']);
    const bad = deps();
    const r2 = await raceLoops([{ ...linear, epochs: 0 }, linear], false, bad.d);
    expect(r2.sides[0]).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(r2.sides[1].ok).toBe(true);
  });
});
