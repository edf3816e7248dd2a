import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';
import { buildModel } from '../models/zoo';

const opened: tf.LayersModel[] = [];
const info = (id: string): ModelInfo => ({ id, name: id, arch: 'linear', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: true });

vi.mock('../state', async (importOriginal) => {
  const real = await importOriginal<typeof import('../state')>();
  return {
    ...real,
    openModel: async (id: string) => {
      const model = buildModel('linear');
      opened.push(model);
      return { model, info: info(id), meta: null };
    },
  };
});

const { samplesHandlers } = await import('./handlers');
const { forgetGpuState } = await import('../state');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('teach handlers after a lost GPU context', () => {
  it('load their cached models again instead of answering with dead tensors', async () => {
    const image = new Float32Array(784).fill(0.2);
    const first = await samplesHandlers.comparePredict({ image, ids: ['default'] });
    expect(first.results[0]).toHaveProperty('probs');
    await samplesHandlers.comparePredict({ image, ids: ['default'] });
    expect(opened).toHaveLength(1); // cached while its weights are unchanged

    // The context goes: every tensor on it dies, and the worker forgets what it held.
    opened[0].dispose();
    forgetGpuState();

    const after = await samplesHandlers.comparePredict({ image, ids: ['default'] });
    expect(after.results[0]).not.toHaveProperty('error');
    expect(after.results[0]).toHaveProperty('probs');
    expect(opened).toHaveLength(2);
  });
});
