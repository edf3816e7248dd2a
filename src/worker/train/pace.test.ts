import { describe, expect, it } from 'vitest';
import { GpuPacer } from './pace';

/** Simulates a loop that issues batches instantly onto a GPU taking `gpuMs` each, waiting when the pacer says so. */
function simulate(gpuMs: number, batches: number, budgetMs = 100) {
  let t = 0;
  let gpuFreeAt = 0;
  let longestQueue = 0;
  let waits = 0;
  const pacer = new GpuPacer(budgetMs, () => t);
  pacer.synced(); // the loop's first read-back: a baseline, not a measurement
  for (let b = 0; b < batches; b++) {
    t += 1; // issuing costs the JS 1 ms
    gpuFreeAt = Math.max(gpuFreeAt, t) + gpuMs;
    longestQueue = Math.max(longestQueue, gpuFreeAt - t);
    if (pacer.issued()) {
      t = gpuFreeAt; // the fence passes when the GPU is done
      waits++;
      pacer.synced();
    }
  }
  return { longestQueue, waits, msPerBatch: pacer.msPerBatch };
}

describe('GpuPacer', () => {
  it('waits after every batch when one batch is longer than the budget (a software GPU)', () => {
    const r = simulate(2000, 20);
    expect(r.waits).toBe(20);
    // Never more than one batch queued ahead of the page.
    expect(r.longestQueue).toBeLessThanOrEqual(2000);
    expect(r.msPerBatch).toBeGreaterThan(1900);
  });

  it('lets about budget/batch batches queue on a fast GPU, so it rarely waits', () => {
    const r = simulate(8, 200);
    expect(r.waits).toBeLessThanOrEqual(200 / 10);
    expect(r.waits).toBeGreaterThanOrEqual(200 / 14);
    expect(r.longestQueue).toBeLessThanOrEqual(100 + 2 * 8);
  });

  it('waits for the first batch, whose time is not yet known', () => {
    let t = 0;
    const pacer = new GpuPacer(100, () => t);
    expect(pacer.issued()).toBe(true);
    expect(pacer.msPerBatch).toBe(Number.POSITIVE_INFINITY);
    pacer.synced();
    t = 5;
    pacer.issued();
    pacer.synced();
    expect(pacer.msPerBatch).toBe(5);
  });
});
