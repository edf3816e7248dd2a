import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig, TrainProgress } from '../../shared/types';
import type { MnistData } from '../data/dataset';
import { memoryCheckpoints, openMnist, openStrokes } from '../testing/fixtures';
import { runTraining } from './loop';

let data: MnistData;
let strokes: MnistData;
beforeAll(async () => {
  data = await openMnist();
  strokes = await openStrokes();
});

const config: TrainConfig = { arch: 'linear', epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', augment: false, schedule: 'constant', labelSmoothing: 0, trainLimit: 320, testLimit: 700, seed: 2 };

describe('the final test on drawn digits reports its progress (CPU backend)', () => {
  it('counts the held-out drawn digits after the scans, so the Train tab\u2019s bar does not stall at the end', async () => {
    const seen: TrainProgress[] = [];
    let saved: number | null | undefined;
    const r = await runTraining(config, false, {
      data,
      strokes,
      checkpoints: memoryCheckpoints(),
      onProgress: (p) => seen.push(p),
      shouldStop: () => false,
      saveResult: async (model, c, s) => {
        saved = s.strokeAccuracy;
        return { id: 'r', name: 'r', arch: c.arch, params: model.countParams(), testAccuracy: s.testAccuracy, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false };
      },
    });
    const testing = seen.filter((p) => p.phase === 'testing' && p.tested !== undefined);
    const scans = testing.filter((p) => p.testSet !== 'strokes');
    const drawn = testing.filter((p) => p.testSet === 'strokes');
    expect(scans.at(-1)).toMatchObject({ tested: 700, testTotal: 700 });
    // 700 drawn digits in chunks of 500: two steps, after every scan step.
    expect(drawn.map((p) => p.tested)).toEqual([500, 700]);
    expect(drawn.every((p) => p.testTotal === 700)).toBe(true);
    expect(testing.indexOf(drawn[0])).toBeGreaterThan(testing.indexOf(scans.at(-1)!));
    expect(r.strokes!.count).toBe(700);
    // The library entry records what the report shows.
    expect(saved).toBe(r.strokes!.accuracy);
  });
});
