import { describe, expect, it } from 'vitest';
import { mnistTest, mnistValidation } from './model.mjs';

describe('the MNIST scans the pretrain guard compares on', () => {
  it("are the 10,000 test images and the worker's 5,000 validation images, scaled to 0..1", async () => {
    const t = mnistTest();
    const v = await mnistValidation();
    expect([t.labels.length, t.images.length]).toEqual([10000, 10000 * 784]);
    expect([v.labels.length, v.images.length]).toEqual([5000, 5000 * 784]);
    expect(Math.max(...v.images.subarray(0, 784))).toBeLessThanOrEqual(1);
    // Every digit is there in both, as in any fair slice of MNIST.
    for (const labels of [t.labels, v.labels]) expect(new Set(labels).size).toBe(10);
    // MNIST's first test label is a 7. The validation slice is training images 55,000-59,999 (labels 1 2 8 7 4 … 8 3 5 6 8),
    // not the first 5,000 (which start 5 0 4 1 9).
    expect(t.labels[0]).toBe(7);
    expect([...v.labels.subarray(0, 5)]).toEqual([1, 2, 8, 7, 4]);
    expect([...v.labels.subarray(4995)]).toEqual([8, 3, 5, 6, 8]);
    expect(mnistTest(3).labels.length).toBe(3);
  });
});
