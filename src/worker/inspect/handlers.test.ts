import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { state } from '../state';
import { buildModel } from '../models/zoo';
import { barImage } from '../testing/inspectModels';
import type { ModelInfo } from '../../shared/types';
import { inspectHandlers } from './handlers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const info = (id: string): ModelInfo => ({ id, name: id, arch: 'linear', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });

describe('inspect handlers (lab worker)', () => {
  it('needs a model', async () => {
    state.model = null;
    await expect(inspectHandlers.inspectLayers()).rejects.toMatchObject({ code: 'model-missing' });
  });

  it('describes the model, and a dense-only model gets weights instead of filters', async () => {
    state.model = buildModel('linear');
    state.info = info('lin');
    const layout = await inspectHandlers.inspectLayers();
    expect(layout).toMatchObject({ modelId: 'lin', hasConv: false, hasLogits: true, codeLayer: null });
    const f = await inspectHandlers.filters();
    expect(f.conv).toEqual([]);
    expect(f.dense?.shape).toEqual([10, 28, 28]);
    const n = await inspectHandlers.noise({ seed: 7 });
    expect(n.image).toHaveLength(784);
    expect(n.probs).toHaveLength(10);
    await expect(inspectHandlers.noise({ seed: 0.5 })).rejects.toMatchObject({ code: 'bad-request' });
    const s = await inspectHandlers.saliency({ image: barImage(), method: 'gradient' });
    expect(s.saliency).toHaveLength(784);
    state.model.dispose();
    state.model = null;
  });

  it('cancels a running dream when the model changes or a newer dream starts', async () => {
    const first = buildModel('linear');
    state.model = first;
    state.info = info('a');
    let steps = 0;
    const running = inspectHandlers.dream({ target: { kind: 'class', digit: 2 }, steps: 500, reportEvery: 1 }, () => {
      if (++steps === 3) state.model = buildModel('linear', 9);
    });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    first.dispose();
    steps = 0;
    let newer: Promise<unknown> | null = null;
    const older = inspectHandlers.dream({ target: { kind: 'class', digit: 2 }, steps: 500, reportEvery: 1 }, () => {
      if (++steps === 2) newer = inspectHandlers.dream({ target: { kind: 'class', digit: 4 }, steps: 2 }, () => undefined);
    });
    await expect(older).rejects.toMatchObject({ code: 'cancelled' });
    await expect(newer).resolves.toMatchObject({ steps: 2 });
    const again = inspectHandlers.dream({ target: { kind: 'class', digit: 2 }, steps: 500, reportEvery: 1 }, () => void inspectHandlers.inspectCancel());
    await expect(again).rejects.toMatchObject({ code: 'cancelled' });
    state.model!.dispose();
    state.model = null;
  });
});
