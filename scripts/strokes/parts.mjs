/** The stroke digits' train and validation parts, which the shards (build-strokes.mjs) and the PyTorch export (export.mjs) share. */
export const STROKE_PARTS = { train: { part: 'train', seed: 1, count: 20000 }, val: { part: 'train', seed: 2, count: 1000 } };

/**
 * The European 1 weighted against MNIST's 7s: sets of one style that, appended to the train split, make a flagged 1
 * come up about 4× and a flag-and-base 1 2× as often as any other style's drawing (PyTorch's `--style-weight
 * 1-flag=4 --style-weight 1-flag-base=2` in expectation, with fresh drawings instead of repeats).
 */
export const WEIGHTED_ONES = [{ part: 'train', seed: 3, count: 2000, style: '1-flag' }, { part: 'train', seed: 4, count: 660, style: '1-flag-base' }];

/**
 * Sets of one style appended to the shards' train split: the weighted European 1. The shipped model was trained with
 * them (its meta.json records them; parts.test.mjs holds the two equal), and the Train tab's data is the shipped
 * model's (issue 16). Without them the shipped model read a flagged 1 as 7 in 15 of 250 drawn 1s (BENCHMARKS, "#16").
 */
export const STROKE_EXTRA = WEIGHTED_ONES;

/** The train split's drawings: the balanced train part `train`, then each set of one style in `extra`. */
export const trainDrawings = (strokes, train = STROKE_PARTS.train, extra = STROKE_EXTRA) => [train, ...extra].flatMap((o) => strokes.strokeSet(o));
