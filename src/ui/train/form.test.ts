import { describe, expect, it } from 'vitest';
import { ARCH_IDS, defaultConfig, DEFAULT_STROKE_SHARE, ZOO } from '../../shared/zoo';
import { DEFAULT_WEIGHT_AVERAGE, defaultForm, formatDuration, fullForm, LESSON_EPOCHS, formatPct, formFromConfig, parseForm, parseNumber, startingPoint, strokeShareFor } from './form';

describe('parseForm', () => {
  it('turns the default form into the default config, with no problems', () => {
    const r = parseForm(defaultForm());
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual({});
    // Lesson-sized: the recipe with fewer epochs; the full recipe is one click away.
    expect(r.config).toEqual({ ...defaultConfig('cnn'), epochs: LESSON_EPOCHS });
    expect(LESSON_EPOCHS).toBeLessThan(defaultConfig('cnn').epochs);
    expect(parseForm(fullForm()).config).toEqual(defaultConfig('cnn'));
  });

  it('starts from the active model only when asked and when it has the same architecture', () => {
    const active = { id: 'default', arch: 'cnn' };
    expect(parseForm({ ...defaultForm(), warmStart: true }, 55000, active).config.initFrom).toBe('default');
    expect(parseForm({ ...defaultForm(), warmStart: false }, 55000, active).config.initFrom).toBeUndefined();
    expect(parseForm({ ...defaultForm('mlp'), warmStart: true }, 55000, active).config.initFrom).toBeUndefined();
    expect(parseForm({ ...defaultForm(), warmStart: true }, 55000, { id: 'x', arch: 'imported' }).config.initFrom).toBeUndefined();
    expect(parseForm({ ...defaultForm(), warmStart: true }, 55000, null).config.initFrom).toBeUndefined();
    // The store's model id and architecture make a starting point only when both are known.
    expect(startingPoint('default', 'cnn')).toEqual(active);
    expect(startingPoint('default', undefined)).toBeNull();
    expect(startingPoint(null, 'cnn')).toBeNull();
    // A resumed run's config shows the switch as it was.
    expect(formFromConfig({ ...defaultConfig('cnn'), initFrom: 'default' }).warmStart).toBe(true);
  });

  it('gives each bad field its own reason', () => {
    const r = parseForm({ ...defaultForm('mlp'), batchSize: '0', learningRate: 'abc', epochs: '1.5' });
    expect(r.ok).toBe(false);
    expect(r.problems.batchSize).toMatch(/at least 1/);
    expect(r.problems.learningRate).toMatch(/above 0/);
    expect(r.problems.epochs).toMatch(/positive whole number/);
  });

  it('rejects batch sizes above the training set, zero or negative learning rates, and blanks', () => {
    expect(parseForm({ ...defaultForm(), batchSize: '55001' }).problems.batchSize).toMatch(/55000/);
    expect(parseForm({ ...defaultForm(), batchSize: '55000' }).ok).toBe(true);
    expect(parseForm({ ...defaultForm(), learningRate: '0' }).problems.learningRate).toBeDefined();
    expect(parseForm({ ...defaultForm(), learningRate: '-0.1' }).problems.learningRate).toBeDefined();
    expect(parseForm({ ...defaultForm(), learningRate: 'NaN' }).problems.learningRate).toBeDefined();
    expect(parseForm({ ...defaultForm(), epochs: '' }).problems.epochs).toBeDefined();
    expect(parseForm({ ...defaultForm(), epochs: '0' }).problems.epochs).toBeDefined();
  });

  it('keeps the recipe\u2019s schedule and smoothing and the chosen optimizer and augmentation', () => {
    const r = parseForm({ ...defaultForm('cnn'), optimizer: 'sgd', augment: false, learningRate: '1e-3' });
    expect(r.config).toMatchObject({ optimizer: 'sgd', augment: false, learningRate: 0.001, schedule: 'one-cycle', labelSmoothing: 0.05 });
  });
});

describe('"Average the weights"', () => {
  it('is off by default (the shipped recipe has none); on, the run averages with the default decay; off again, the config has no field', () => {
    expect(defaultForm('cnn').average).toBe(false);
    expect(parseForm(defaultForm('cnn')).config.weightAverage).toBeUndefined();
    const on = parseForm({ ...defaultForm('cnn'), average: true });
    expect(on.ok).toBe(true);
    expect(on.config.weightAverage).toBe(DEFAULT_WEIGHT_AVERAGE);
    expect(formFromConfig(on.config).average).toBe(true);
    expect('weightAverage' in parseForm({ ...formFromConfig(on.config), average: false }).config).toBe(false);
  });
});

describe('"Mix in drawn digits"', () => {
  it('is on for a recipe with a drawn-digit share and gives the run that share', () => {
    expect(ZOO.cnn.recipe.strokeShare).toBeGreaterThan(0);
    expect(defaultForm('cnn').strokes).toBe(true);
    expect(parseForm(defaultForm('cnn')).config.strokeShare).toBe(ZOO.cnn.recipe.strokeShare);
  });

  it('is off for recipes without one, and on it gives them the default share', () => {
    const without = ARCH_IDS.filter((a) => !ZOO[a].recipe.strokeShare);
    expect(without).toContain('mlp');
    for (const arch of without) {
      expect(defaultForm(arch).strokes).toBe(false);
      expect(parseForm(defaultForm(arch)).config.strokeShare).toBeUndefined();
      expect(parseForm({ ...defaultForm(arch), strokes: true }).config.strokeShare).toBe(DEFAULT_STROKE_SHARE);
      expect(strokeShareFor(arch)).toBe(DEFAULT_STROKE_SHARE);
    }
  });

  it('off means no drawn digits at all, whatever the recipe says; the rest of the recipe stays', () => {
    const off = parseForm({ ...defaultForm('cnn'), strokes: false });
    expect(off.ok).toBe(true);
    expect(off.config.strokeShare).toBeUndefined();
    expect(off.config).toMatchObject({ augment: true, elastic: ZOO.cnn.recipe.elastic, thickness: ZOO.cnn.recipe.thickness });
  });

  it('shows a resumed run\u2019s config as it was', () => {
    expect(formFromConfig({ ...defaultConfig('cnn'), strokeShare: 0 }).strokes).toBe(false);
    expect(formFromConfig({ ...defaultConfig('mlp'), strokeShare: 0.3 }).strokes).toBe(true);
    const { strokeShare: _, ...old } = defaultConfig('cnn');
    expect(formFromConfig(old).strokes).toBe(false);
  });
});

describe('formatting', () => {
  it('parses numbers strictly', () => {
    expect(parseNumber(' 12 ')).toBe(12);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });
  it('formats durations and percentages', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3840)).toBe('1 h 04 min');
    expect(formatDuration(null)).toBe('–');
    expect(formatPct(0.9743)).toBe('97.4%');
    expect(formatPct(null)).toBe('–');
  });
});
