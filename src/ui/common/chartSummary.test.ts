import { describe, expect, it } from 'vitest';
import { compareSummary, curveSummary, tuneSummary } from './chartSummary';

describe('chart text alternatives', () => {
  const rows = [
    { x: 10, loss: 2.1, lossEma: 2.0, acc: 0.3, accEma: 0.31 },
    { x: 240, loss: 0.5, lossEma: 0.52, acc: 0.85, accEma: 0.84, valLoss: 0.41, valAcc: 0.883, epoch: 1 },
    { x: 300, loss: 0.4, lossEma: 0.4567, acc: 0.9, accEma: 0.8912 },
  ];

  it('says the latest smoothed value with its batch and epoch, and the latest validation', () => {
    expect(curveSummary(rows, 'loss', 240)).toBe('Training loss 0.457 (smoothed) at batch 300, epoch 1.25. Validation loss 0.410 after epoch 1.');
    expect(curveSummary(rows, 'acc', 240)).toBe('Training accuracy 89.1% (smoothed) at batch 300, epoch 1.25. Validation accuracy 88.3% after epoch 1.');
  });

  it('says when there is no validation yet, and when there is no run at all', () => {
    expect(curveSummary(rows.slice(0, 1), 'acc', 0)).toBe('Training accuracy 31.0% (smoothed) at batch 10. No validation yet (it is measured after each epoch).');
    expect(curveSummary([], 'loss', 0)).toMatch(/^No run yet/);
    expect(curveSummary(rows, 'loss', 240, true)).toMatch(/^No run yet/);
  });

  it('sums up fine-tuning: the latest step and where the loss went', () => {
    expect(tuneSummary([])).toBe('No fine-tuning steps yet.');
    expect(tuneSummary([{ step: 1, loss: 1.2, lossEma: 1.2 }, { step: 40, loss: 0.31, lossEma: 0.35 }])).toBe('Loss after step 40: 0.350 smoothed (0.310 this step), down from 1.200 at step 1.');
  });
});

describe('compare chart text alternative', () => {
  it('gives each run its latest value, skipping runs with no points', () => {
    const rows = [
      { x: 0, 'a:loss': 2, 'b:loss': 2.2 },
      { x: 6400, 'a:loss': 0.5 },
      { x: 12800, 'a:loss': 0.3125 },
    ] as ({ x: number } & Record<string, number>)[];
    const runs = [
      { key: 'a', name: 'CNN run' },
      { key: 'b', name: 'MLP run' },
      { key: 'c', name: 'Empty' },
    ];
    expect(compareSummary(rows, runs, 'loss', 'samples')).toBe('Latest smoothed training loss. CNN run: 0.313 at 12,800 images; MLP run: 2.200 at 0 images.');
    expect(compareSummary([], runs, 'acc', 'time')).toMatch(/^No runs picked/);
  });
});
