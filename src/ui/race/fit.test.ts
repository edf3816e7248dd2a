import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../shared/zoo';
import { DATA_BYTES, labBudget, raceFit, sideBytes } from './fit';

describe('race memory fit', () => {
  it('grows with the model and the batch', () => {
    const mlp = defaultConfig('mlp');
    expect(sideBytes({ ...mlp, batchSize: 256 })).toBeGreaterThan(sideBytes({ ...mlp, batchSize: 32 }));
    expect(sideBytes(defaultConfig('mlp'))).toBeGreaterThan(sideBytes({ ...defaultConfig('linear'), batchSize: mlp.batchSize }));
    // The MLP: 623K parameters × 4 copies × 4 bytes ≈ 10 MB before activations.
    expect(sideBytes({ ...mlp, batchSize: 1 })).toBeGreaterThan(9.5e6);
  });

  it('says so, with numbers, when two models do not fit; the zoo fits a typical device', () => {
    const pair = [defaultConfig('cnn'), defaultConfig('keras-cnn')];
    expect(raceFit(pair, labBudget(8))).toBeNull();
    expect(raceFit([defaultConfig('mlp'), defaultConfig('linear')], labBudget(undefined))).toBeNull();
    const msg = raceFit(pair, DATA_BYTES + 1024);
    expect(msg).toMatch(/need about \d+ MB .* more than the \d+ MB/);
    expect(raceFit([{ ...defaultConfig('cnn'), batchSize: 50_000 }, defaultConfig('cnn')], labBudget(0.5))).toMatch(/smaller batch/);
  });

  it('reads the device hint, capped', () => {
    expect(labBudget(64)).toBe(labBudget(8));
    expect(labBudget(undefined)).toBe(labBudget(4));
    expect(labBudget(2)).toBe(512 * 1024 * 1024);
  });
});
