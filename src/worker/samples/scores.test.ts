/**
 * Teach's before/after measures on the CPU backend with the built shards:
 * a fine-tune reports the held-out drawn digits next to MNIST, limited like
 * MNIST's test, and says "not measured" where the stroke set is not deployed.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';
import type { Point } from '../../shared/preprocess';
import type { FineTuneParams, TrainingSample } from '../../shared/teach-types';
import { buildModel } from '../models/zoo';
import { openMnist, openStrokes } from '../testing/fixtures';
import { rng } from '../train/augment';

const saved: ModelInfo[] = [];
const info = (id: string): ModelInfo => ({ id, name: id, arch: 'linear', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: id === 'default' });

vi.mock('../state', async (importOriginal) => {
  const real = await importOriginal<typeof import('../state')>();
  // Every open gives a fresh copy of one linear model with fixed weights.
  return { ...real, openModel: async (id: string) => ({ model: buildModel('linear', 7), info: info(id), meta: null }) };
});
vi.mock('../storage/library', async (importOriginal) => {
  const real = await importOriginal<typeof import('../storage/library')>();
  return {
    ...real,
    readIndex: async () => saved.slice(),
    saveToLibrary: async (_m: tf.LayersModel, e: Omit<ModelInfo, 'version' | 'updatedAt' | 'sizeBytes' | 'params'>) => {
      const entry = { ...info(e.id), ...e, version: saved.filter((s) => s.id === e.id).length + 1 };
      saved.push(entry);
      return entry;
    },
  };
});

const { state } = await import('../state');
const { samplesHandlers } = await import('./handlers');
const { strokeScore } = await import('./scores');

/** A jittered flagged 1, labelled 1. */
function one(seed: number): TrainingSample {
  const r = rng(seed);
  const j = (v: number) => v + (r() - 0.5) * 0.05;
  const pts = (list: [number, number][]) => list.map(([x, y]) => ({ x: j(x), y: j(y) }) as Point);
  return { label: 1, strokes: [pts([[0.35, 0.3], [0.6, 0.12], [0.6, 0.88]])] };
}

const params = (over: Partial<FineTuneParams> = {}): FineTuneParams => ({
  baseId: 'default',
  train: Array.from({ length: 4 }, (_, i) => one(i + 1)),
  heldOut: [],
  config: { steps: 4, batchSize: 16 },
  mnistTestLimit: 300,
  guard: null,
  ...over,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  state.data = await openMnist();
  state.strokes = await openStrokes();
});

describe('Teach measures the held-out drawn digits too (CPU backend)', () => {
  it('reports them before and after a fine-tune, limited like the MNIST test', async () => {
    const r = await samplesHandlers.fineTune(params(), () => undefined);
    expect(r.before.mnist.count).toBe(300);
    expect(r.before.strokes).toMatchObject({ count: 300 });
    expect(r.after.strokes).toMatchObject({ count: 300 });
    for (const s of [r.before.strokes!, r.after.strokes!]) {
      expect(s.accuracy).toBeGreaterThanOrEqual(0);
      expect(s.accuracy).toBeLessThanOrEqual(1);
    }
    // The same untrained weights score the same on the same digits, measured directly.
    const direct = await strokeScore(buildModel('linear', 7), null, 300);
    expect(r.before.strokes!.accuracy).toBeCloseTo(direct!.accuracy, 6);
    // Fine-tuning moved the weights, so the drawn-digit score was measured again, not copied.
    expect(r.after.strokes!.accuracy).not.toBe(r.before.strokes!.accuracy);
  });

  it('measures all 2,500 when MNIST is measured in full, and reports null where the stroke set is missing', async () => {
    const all = await strokeScore(buildModel('linear', 7), null, undefined);
    expect(all!.count).toBe(2500);
    state.strokes = null;
    try {
      const r = await samplesHandlers.fineTune(params({ saveAs: 'tuned-bare' }), () => undefined);
      expect(r.before.strokes).toBeNull();
      expect(r.after.strokes).toBeNull();
      expect(r.after.mnist.count).toBe(300);
    } finally {
      state.strokes = await openStrokes();
    }
  });
});
