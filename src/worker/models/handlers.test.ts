import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';
import { buildModel } from './zoo';

/** Models the tests hand to loadModel, in the order it asks; each resolves when the test says. */
const opened: { id: string; resolve(): void; model: tf.LayersModel }[] = [];

vi.mock('../state', async (importOriginal) => {
  const real = await importOriginal<typeof import('../state')>();
  return {
    ...real,
    openModel: (id: string) =>
      new Promise((resolve) => {
        const model = buildModel('linear');
        opened.push({ id, model, resolve: () => resolve({ model, info: info(id), meta: null }) });
      }),
  };
});

const { modelHandlers } = await import('./handlers');
const { state } = await import('../state');

const info = (id: string): ModelInfo => ({ id, name: id, arch: 'linear', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  opened.length = 0;
  state.model?.dispose();
  state.model = null;
  state.info = null;
  state.role = 'lab';
});

describe('loadModel (worker)', () => {
  it('makes the newest load active when an older one finishes last, and disposes the older', async () => {
    const a = modelHandlers.loadModel({ id: 'a' });
    const b = modelHandlers.loadModel({ id: 'b' });
    await settle();
    opened[1].resolve();
    await expect(b).resolves.toMatchObject({ id: 'b' });
    const disposed = vi.spyOn(opened[0].model, 'dispose');
    opened[0].resolve();
    await expect(a).rejects.toMatchObject({ code: 'cancelled' });
    expect(state.info?.id).toBe('b');
    expect(state.model).toBe(opened[1].model);
    expect(disposed).toHaveBeenCalled();
    expect((await modelHandlers.predict({ image: new Float32Array(784) })).modelId).toBe('b');
  });

  it('disposes the model it opened when warming it up throws', async () => {
    const before = tf.memory().numTensors;
    const load = modelHandlers.loadModel({ id: 'broken' });
    await settle();
    const { model } = opened[0];
    vi.spyOn(model, 'predict').mockImplementation(() => {
      throw new Error('warm-up failed');
    });
    const disposed = vi.spyOn(model, 'dispose');
    opened[0].resolve();
    await expect(load).rejects.toThrow('warm-up failed');
    expect(disposed).toHaveBeenCalled();
    expect(state.model).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});
