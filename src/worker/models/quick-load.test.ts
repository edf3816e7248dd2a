/**
 * The infer worker's quick load: a model's files straight into the plain-JS
 * engine, ready before (and without) any tfjs model; a model the engine cannot
 * run takes the usual load on tfjs.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';
import { buildModel } from './zoo';
import { predictProbs } from './predict';

const info = (id: string): ModelInfo => ({ id, name: id, arch: 'cnn', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });
/** What openFiles hands back, by id; what openModel (the usual load) was asked for. */
const files = new Map<string, tf.io.ModelArtifacts>();
const usual: string[] = [];
const models = new Map<string, tf.LayersModel>();

vi.mock('../storage/artifacts', () => ({
  openFiles: async (_base: string, id: string) => (files.has(id) ? { artifacts: files.get(id), info: info(id), meta: null } : null),
}));
vi.mock('../state', async (importOriginal) => {
  const real = await importOriginal<typeof import('../state')>();
  return {
    ...real,
    openModel: async (id: string) => {
      usual.push(id);
      return { model: models.get(id), info: info(id), meta: null };
    },
  };
});

const { modelHandlers } = await import('./handlers');
const { state } = await import('../state');

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let out: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((out = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return out!;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  files.clear();
  usual.length = 0;
  state.role = 'infer';
  state.backend = 'cpu';
  state.model = null;
  state.twin = null;
});

describe('the infer worker’s quick load', () => {
  it('answers from the model’s files on the plain-JS engine, with no tfjs model, the same as tfjs', async () => {
    const model = buildModel('cnn', 4);
    files.set('quick', await artifactsOf(model));
    const before = tf.memory().numTensors;
    await expect(modelHandlers.loadModel({ id: 'quick' })).resolves.toMatchObject({ id: 'quick' });
    expect(usual).toEqual([]);
    expect(state.model).toBeNull();
    expect(state.twin?.engine).toBe('js');
    expect(tf.memory().numTensors).toBe(before);
    const image = new Float32Array(784).map((_, i) => ((i * 13) % 7) / 7);
    const got = await modelHandlers.predict({ image });
    expect(got).toMatchObject({ modelId: 'quick', on: 'cpu' });
    const want = await predictProbs(model, image);
    got.probs.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    model.dispose();
  });

  it('takes the usual load on tfjs for a layer the engine does not know, and for files it cannot reach', async () => {
    const odd = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'elu' })] });
    files.set('odd', await artifactsOf(odd));
    models.set('odd', odd);
    await modelHandlers.loadModel({ id: 'odd' });
    expect(usual).toEqual(['odd']);
    expect(state.model).toBe(odd);
    const stored = buildModel('linear');
    models.set('stored', stored);
    await modelHandlers.loadModel({ id: 'stored' });
    expect(usual).toEqual(['odd', 'stored']);
    expect(state.model).toBe(stored);
    expect((await modelHandlers.predict({ image: new Float32Array(784) })).modelId).toBe('stored');
    stored.dispose();
  });
});
