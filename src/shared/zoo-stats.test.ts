import { describe, expect, it } from 'vitest';
import { ARCH_IDS, ZOO } from './zoo';
import { formatParams, layerStats, paramCount } from './zoo-stats';

describe('paramCount', () => {
  it('counts the zoo models the way tfjs does', () => {
    // cnn: 144 + 64 (BN) + 4608 + 128 + 9216 + 128 + 18432 + 256 + 36864 + 256 + (576·10 + 10)
    expect(paramCount(ZOO.cnn)).toBe(75_866);
    expect(paramCount(ZOO.linear)).toBe(7_850);
    expect(paramCount(ZOO.mlp)).toBe(623_290);
  });

  it('follows shapes through same/valid convs, pooling and flatten', () => {
    const stats = layerStats(ZOO.cnn);
    expect(stats.at(-1)!.output).toEqual([10]);
    expect(stats.find((s) => s.layer.type === 'flatten')!.output).toEqual([576]);
    const valid = layerStats({ ...ZOO.cnn, layers: [{ type: 'conv', filters: 8, kernel: 5, padding: 'valid' }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] });
    expect(valid[0].output).toEqual([24, 24, 8]);
    expect(valid[0].params).toBe(5 * 5 * 8 + 8);
    expect(valid[2].params).toBe(24 * 24 * 8 * 10 + 10);
  });

  it('gives every architecture a positive count', () => {
    for (const id of ARCH_IDS) expect(paramCount(ZOO[id])).toBeGreaterThan(0);
  });
});

describe('formatParams', () => {
  it('shortens', () => {
    expect(formatParams(950)).toBe('950');
    expect(formatParams(7_850)).toBe('7.9K');
    expect(formatParams(29_402)).toBe('29.4K');
    expect(formatParams(623_290)).toBe('623K');
    expect(formatParams(1_200_000)).toBe('1.2M');
  });
});
