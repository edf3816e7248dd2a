import { describe, expect, it } from 'vitest';
import {
  countByLabel,
  heldOutSplit,
  isDigitLabel,
  normalizeStrokes,
  parseSamplesFile,
  samplesToFile,
  type Sample,
} from './samples';

function sample(i: number, label = i % 10): Sample {
  const image = new Float32Array(784);
  image[300 + i] = 1;
  image[301] = 0.5;
  return { id: `s-${i}`, label, strokes: [[{ x: 0.2, y: 0.3 }, { x: 0.6, y: 0.7, pressure: 0.4 }]], image, createdAt: 1_700_000_000_000 + i * 1000 };
}

const fileText = (samples: Sample[]) => JSON.stringify(samplesToFile(samples, new Date('2026-01-01T00:00:00Z')));
const mutate = (samples: Sample[], f: (file: any) => void) => {
  const file = JSON.parse(fileText(samples));
  f(file);
  return JSON.stringify(file);
};

describe('sample labels', () => {
  it('are whole numbers 0–9 and nothing else', () => {
    for (const ok of [0, 5, 9]) expect(isDigitLabel(ok)).toBe(true);
    for (const bad of [-1, 10, 1.5, NaN, '3', null, undefined, Infinity]) expect(isDigitLabel(bad)).toBe(false);
  });
});

describe('the samples file', () => {
  it('round-trips: export then import gives the same samples', () => {
    const samples = [sample(1), sample(2, 7), sample(3, 0)];
    const file = samplesToFile(samples);
    expect(file.format).toBe('digit-lab-samples');
    expect(file.formatVersion).toBe(1);
    expect(file.count).toBe(3);
    expect(file.samples[0].image).toHaveLength(784);
    const back = parseSamplesFile(JSON.stringify(file));
    if (!back.ok) throw new Error(back.error);
    expect(back.samples.map((s) => [s.id, s.label, s.createdAt])).toEqual(samples.map((s) => [s.id, s.label, s.createdAt]));
    expect(back.samples[0].strokes).toEqual(samples[0].strokes);
    // Pixels go through 0..255 and come back within one grey level.
    back.samples.forEach((s, i) => s.image.forEach((v, k) => expect(Math.abs(v - samples[i].image[k])).toBeLessThanOrEqual(1 / 255)));
  });

  it('names the entry that is wrong and accepts nothing from a bad file', () => {
    const three = [sample(1), sample(2), sample(3)];
    const cases: [string, string | RegExp][] = [
      [mutate(three, (f) => (f.samples[1].label = 12)), /^Sample 2 \(id "s-2"\): its label 12 is not a digit 0–9/],
      [mutate(three, (f) => (f.samples[2].label = '4')), /^Sample 3 .*label "4" is not a digit/],
      [mutate(three, (f) => (f.samples[0].image = f.samples[0].image.slice(0, 700))), /^Sample 1 .*700 pixels; a 28×28 image has 784/],
      [mutate(three, (f) => (f.samples[1].image[5] = 300)), /^Sample 2 .*pixel 5 is 300/],
      [mutate(three, (f) => (f.samples[1].image = new Array(784).fill(0))), /^Sample 2 .*blank/],
      [mutate(three, (f) => (f.samples[0].strokes = [])), /^Sample 1 .*no strokes/],
      [mutate(three, (f) => (f.samples[0].strokes = [[[0.1]]])), /^Sample 1 .*not \[x, y\]/],
      [mutate(three, (f) => (f.samples[0].strokes = [[[0.1, 40]]])), /^Sample 1 .*far outside/],
      [mutate(three, (f) => (f.samples[2].id = 's-1')), /^Sample 3 .*appears twice/],
      [mutate(three, (f) => (f.samples[1].createdAt = 'yesterday')), /^Sample 2 .*not a date/],
      [mutate(three, (f) => (f.count = 5)), /says it holds 5 samples but lists 3/],
      [mutate(three, (f) => (f.format = 'something-else')), /not a Digit Lab samples export/],
      [mutate(three, (f) => (f.formatVersion = 2)), /version 2 .* reads version 1/],
      [mutate(three, (f) => delete f.samples), /no "samples" list/],
      ['{"format": "digit-lab-samples", ', /not JSON/],
      ['[1, 2]', /expected a JSON object/],
    ];
    for (const [text, want] of cases) {
      const r = parseSamplesFile(text);
      expect(r.ok, String(want)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(want);
    }
  });
});

describe('held-out split', () => {
  it('holds out 20% spread over time, whatever the list order, and never the newest (the correction just made)', () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i)).reverse();
    const { train, heldOut } = heldOutSplit(samples);
    expect(heldOut.map((s) => s.id)).toEqual(['s-3', 's-8']);
    expect(train.map((s) => s.id)).toEqual(['s-0', 's-1', 's-2', 's-4', 's-5', 's-6', 's-7', 's-9']);
    for (let n = 5; n <= 40; n++) {
      const all = Array.from({ length: n }, (_, i) => sample(i));
      const split = heldOutSplit(all);
      expect(split.train.map((s) => s.id)).toContain(`s-${n - 1}`);
      expect(split.train.length + split.heldOut.length).toBe(n);
    }
  });

  it('holds nothing out below five samples, and at least one from five', () => {
    expect(heldOutSplit([sample(0), sample(1)]).heldOut).toEqual([]);
    expect(heldOutSplit(Array.from({ length: 5 }, (_, i) => sample(i))).heldOut).toHaveLength(1);
    expect(heldOutSplit(Array.from({ length: 52 }, (_, i) => sample(i))).heldOut).toHaveLength(10);
  });
});

describe('helpers', () => {
  it('count per digit and normalise strokes to the unit square', () => {
    expect(countByLabel([sample(0, 3), sample(1, 3), sample(2, 9)])).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
    expect(normalizeStrokes([[{ x: 100, y: 50 }], [], [{ x: 0, y: 200, pressure: 0.5 }]], 200)).toEqual([[{ x: 0.5, y: 0.25 }], [{ x: 0, y: 1, pressure: 0.5 }]]);
  });
});
