import { describe, expect, it } from 'vitest';
import type { ModelLayout } from '../../shared/inspect-types';
import { activationScale, argmax, cosine, layerTitles, mapTiles, meanOverInputs } from './labels';

describe('inspector helpers', () => {
  it('names layers per kind and describes their shapes', () => {
    const layout: ModelLayout = {
      modelId: 'm',
      version: 1,
      modelName: 'm',
      hasConv: true,
      codeLayer: 'relu1',
      hasLogits: true,
      layers: [
        { name: 'relu1', parts: ['conv1', 'bn1', 'relu1'], kind: 'conv', className: 'Conv2D', outputShape: [28, 28, 16], kernelShape: [3, 3, 1, 16], activation: 'relu', isOutput: false },
        { name: 'pool2', parts: ['pool2'], kind: 'pool', className: 'MaxPooling2D', outputShape: [14, 14, 16], kernelShape: null, activation: null, isOutput: false },
        { name: 'probs', parts: ['probs'], kind: 'dense', className: 'Dense', outputShape: [10], kernelShape: [3136, 10], activation: 'softmax', isOutput: true },
      ],
    };
    const t = layerTitles(layout);
    expect(t.get('relu1')).toEqual({ title: 'Conv 1', detail: '16 maps of 28×28 · conv1 → bn1 → relu1' });
    expect(t.get('pool2')?.title).toBe('Pool 1');
    expect(t.get('probs')).toEqual({ title: 'Output', detail: '10 units · probs' });
    // 28 is even: pooling keeps every row, so no note.
    expect(t.get('relu1')?.note).toBeUndefined();
  });

  it('explains the bright edge of an odd-sized conv map that pooling then crops', () => {
    const layout: ModelLayout = {
      modelId: 'm',
      version: 1,
      modelName: 'm',
      hasConv: true,
      codeLayer: 'relu7',
      hasLogits: true,
      layers: [
        { name: 'relu7', parts: ['conv7', 'bn7', 'relu7'], kind: 'conv', className: 'Conv2D', outputShape: [7, 7, 64], kernelShape: [3, 3, 64, 64], activation: 'relu', isOutput: false },
        { name: 'pool8', parts: ['pool8'], kind: 'pool', className: 'MaxPooling2D', outputShape: [3, 3, 64], kernelShape: null, activation: null, isOutput: false },
      ],
    };
    expect(layerTitles(layout).get('relu7')?.note).toMatch(/last row and column are real.*7 is odd/);
  });

  it('turns maps into tiles, padding vectors into a near-square image', () => {
    expect(mapTiles({ layer: 'a', shape: [4, 7, 7], data: new Float32Array(196) })).toMatchObject({ count: 4, h: 7, w: 7 });
    const v = mapTiles({ layer: 'd', shape: [10], data: Float32Array.from({ length: 10 }, (_, i) => i) });
    expect(v).toMatchObject({ count: 1, h: 3, w: 4 });
    expect(v.data[9]).toBe(9);
    expect(Number.isNaN(v.data[10])).toBe(true);
  });

  it('picks magma for non-negative activations and the diverging scale otherwise', () => {
    expect(activationScale(Float32Array.of(0, 2, 1))).toMatchObject({ map: { name: 'magma' }, range: { min: 0, max: 2 } });
    expect(activationScale(Float32Array.of(-3, 2))).toMatchObject({ map: { kind: 'diverging' }, range: { min: -3, max: 3 } });
  });

  it('averages kernels over input channels', () => {
    // 1 output, 2 inputs, 1×2 kernels: [[1, 2], [3, 6]] → [2, 4]
    expect(Array.from(meanOverInputs(Float32Array.of(1, 2, 3, 6), [1, 2, 1, 2]))).toEqual([2, 4]);
  });

  it('compares codes by cosine similarity', () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
  });
});
