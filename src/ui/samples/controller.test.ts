import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseSamplesFile, samplesToFile, type Sample } from '../../shared/samples';
import type { ModelInfo } from '../../shared/types';
import { kv, memoryBackend } from '../storage/kv';
import { useStore } from '../store';
import { FULL_CONFIG, RESCALES, ROTATIONS_PER_RESCALE, THICKNESSES } from '../../shared/teach-defaults';
import { DEFAULT_TUNE_SETTINGS } from '../store/samples';
import { autoSteps, TeachController, tuneBlocker, VARIANTS_PER_SAMPLE, type TeachDeps } from './controller';

const initial = useStore.getState();
const s = () => useStore.getState();

function drawSeven() {
  s().setViewSize(300);
  s().beginStroke({ x: 80, y: 60 });
  s().extendStroke([{ x: 220, y: 60 }, { x: 140, y: 250 }]);
  s().endStroke();
}

/** Saves one second apart, so "newest" is well defined. */
function clock() {
  let t = 1_700_000_000_000;
  return () => (t += 1000);
}

function setup() {
  const backend = memoryBackend();
  const request = vi.fn();
  const loadModel = vi.fn(async (id: string) => ({ id }) as ModelInfo);
  const deps: TeachDeps = { request: request as TeachDeps['request'], loadModel, store: useStore.getState, samplesKv: kv<Sample>('samples', backend), teachKv: kv<unknown>('teach', backend), flushMs: 0, now: clock() };
  return { c: new TeachController(deps), backend, request, loadModel };
}

beforeEach(() => useStore.setState(initial, true));

describe('saving a drawing as a sample', () => {
  it('stores strokes, the 28×28 image, label and time, then clears the canvas', async () => {
    const { c, backend } = setup();
    drawSeven();
    const sample = await c.saveDrawing(7);
    expect(sample).not.toBeNull();
    expect(sample!.label).toBe(7);
    expect(sample!.image).toHaveLength(784);
    expect(sample!.image.some((v) => v > 0.5)).toBe(true);
    // Unit coordinates: the 300 px canvas has side 1.
    expect(sample!.strokes[0][0]).toEqual({ x: 0.2667, y: 0.2 });
    expect(typeof sample!.createdAt).toBe('number');
    expect(s().samples.map((x) => x.id)).toEqual([sample!.id]);
    expect(s().strokes).toEqual([]);
    expect(s().labelNote).toMatchObject({ kind: 'saved', tone: 'ok', label: 7 });
    // Survives a "reload": a new controller reads it back from storage.
    useStore.setState(initial, true);
    const again = new TeachController({ request: vi.fn() as TeachDeps['request'], loadModel: vi.fn(), store: useStore.getState, samplesKv: kv<Sample>('samples', backend), teachKv: kv<unknown>('teach', backend) });
    await again.ensureLoaded();
    expect(s().samples.map((x) => [x.id, x.label])).toEqual([[sample!.id, 7]]);
    expect(s().samples[0].image).toBeInstanceOf(Float32Array);
  });

  it('remembers a correction: what the network had read', async () => {
    const { c } = setup();
    drawSeven();
    const probs = new Float32Array(10).fill(0.01);
    probs[1] = 0.91;
    s().setPrediction(s().drawVersion, { probs, modelId: 'default', version: 1, ms: 1 });
    await c.saveDrawing(7);
    expect(s().labelNote).toMatchObject({ label: 7, predicted: 1 });
  });

  it('undo takes the sample back and puts the drawing back on the canvas', async () => {
    const { c, backend } = setup();
    const predictNow = vi.fn();
    const undoable = new TeachController({ request: vi.fn() as TeachDeps['request'], loadModel: vi.fn(), store: useStore.getState, samplesKv: kv<Sample>('samples', backend), teachKv: kv<unknown>('teach', backend), predictNow });
    drawSeven();
    const drawn = s().strokes;
    const sample = await undoable.saveDrawing(7);
    expect(s().strokes).toEqual([]);
    await undoable.undoSave(sample!.id);
    expect(s().samples).toEqual([]);
    expect(backend.data.size).toBe(0);
    expect(s().labelNote).toBeNull();
    // Back where it was (to the rounding of unit coordinates), and read again.
    s().strokes[0].forEach((p, i) => {
      expect(p.x).toBeCloseTo(drawn[0][i].x, 1);
      expect(p.y).toBeCloseTo(drawn[0][i].y, 1);
    });
    expect(s().pending).toBe(true);
    expect(predictNow).toHaveBeenCalledOnce();
    expect(c).toBeDefined();
  });

  it('refuses an empty canvas with a message, and labels outside 0–9', async () => {
    const { c, backend } = setup();
    expect(await c.saveDrawing(3)).toBeNull();
    expect(s().labelNote).toMatchObject({ kind: 'empty', tone: 'error' });
    expect(s().labelNote!.text).toMatch(/empty/);
    drawSeven();
    for (const bad of [10, -1, 2.5, NaN]) {
      expect(await c.saveDrawing(bad)).toBeNull();
      expect(s().labelNote).toMatchObject({ kind: 'label', tone: 'error' });
    }
    expect(backend.data.size).toBe(0);
    expect(s().strokes).toHaveLength(1);
  });

  it('when storage is full: an alert, the drawing stays, earlier samples stay', async () => {
    const { c, backend } = setup();
    drawSeven();
    const first = await c.saveDrawing(7);
    drawSeven();
    const strokes = s().strokes;
    backend.fail = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    expect(await c.saveDrawing(1)).toBeNull();
    expect(s().strokes).toBe(strokes);
    expect(s().samples.map((x) => x.id)).toEqual([first!.id]);
    const alert = s().alerts.find((a) => a.key === 'samples-save');
    expect(alert?.message).toMatch(/storage is full/i);
    expect(alert?.message).toMatch(/still on the canvas/);
    // Space freed: the same drawing saves, and the alert goes away.
    backend.fail = null;
    expect(await c.saveDrawing(1)).not.toBeNull();
    expect(s().alerts.some((a) => a.key === 'samples-save')).toBe(false);
    expect(s().samples).toHaveLength(2);
  });
});

describe('samples list', () => {
  async function three(c: TeachController) {
    const out: Sample[] = [];
    for (const label of [1, 2, 3]) {
      drawSeven();
      out.push((await c.saveDrawing(label))!);
    }
    return out;
  }

  it('deletes one or many', async () => {
    const { c, backend } = setup();
    const [a, b, d] = await three(c);
    expect(await c.deleteSamples([a.id, d.id])).toBe(true);
    expect(s().samples.map((x) => x.id)).toEqual([b.id]);
    expect(backend.data.size).toBe(1);
  });

  it('exports a versioned file and imports it back, skipping ones already there', async () => {
    const { c, backend } = setup();
    const saved = await three(c);
    const file = c.exportFile();
    expect(file.name).toMatch(/^digit-lab-samples-\d{4}-\d\d-\d\d\.json$/);
    const parsed = parseSamplesFile(file.text);
    expect(parsed.ok).toBe(true);

    await c.deleteSamples([saved[0].id, saved[1].id]);
    expect(await c.importText(file.text)).toBe(2);
    expect(s().samples.map((x) => x.id)).toEqual(saved.map((x) => x.id));
    expect(backend.data.size).toBe(3);
    expect(s().notices.at(-1)?.text).toMatch(/Imported 2 samples \(1 was already here\)/);
  });

  it('a bad file changes nothing and the alert names the bad entry', async () => {
    const { c, backend } = setup();
    const saved = await three(c);
    const file = JSON.parse(JSON.stringify(samplesToFile(saved)));
    file.samples[0].id = 'new-1';
    file.samples[1].id = 'new-2';
    file.samples[1].label = 11;
    expect(await c.importText(JSON.stringify(file))).toBeNull();
    expect(s().samples).toHaveLength(3);
    expect(backend.data.size).toBe(3);
    const alert = s().alerts.find((a) => a.key === 'samples-import');
    expect(alert?.title).toBe('Nothing was imported');
    expect(alert?.message).toMatch(/^Sample 2 \(id "new-2"\): its label 11 is not a digit 0–9/);
  });
});

describe('fine-tuning from the page', () => {
  it('is disabled with a reason until there are samples', () => {
    const base = { samples: [] as Sample[], samplesStatus: 'ready' as const, modelStatus: 'ready' as const, tuneState: 'idle' as const };
    expect(tuneBlocker(base)).toMatch(/Save a few samples first/);
    expect(tuneBlocker({ ...base, samples: [{} as Sample] })).toBeNull();
    expect(tuneBlocker({ ...base, samples: [{} as Sample], modelStatus: 'loading' })).toMatch(/Waiting for a model/);
  });

  it('chooses steps from the number of samples, within bounds', () => {
    expect(autoSteps(1, 0.5)).toBe(60);
    expect(autoSteps(80, 0.5)).toBe(150);
    expect(autoSteps(32, 0.5)).toBe(72);
  });

  it('holds 20% out (never the newest), sends the rest with MNIST replay, and activates the result', async () => {
    const { c, request, loadModel } = setup();
    for (let i = 0; i < 10; i++) {
      drawSeven();
      await c.saveDrawing(i);
    }
    useStore.setState({ modelStatus: 'ready', modelReady: true, modelId: 'default' });
    const model = { id: 'tuned-default', name: 'x', version: 2 } as ModelInfo;
    request.mockImplementation(async (method: string, params: any, options: any) => {
      if (method === 'listModels') return [model];
      expect(method).toBe('fineTune');
      expect(params.baseId).toBe('default');
      expect(params.train.map((t: any) => t.label)).toEqual([0, 1, 2, 4, 5, 6, 7, 9]);
      expect(params.heldOut.map((t: any) => t.label)).toEqual([3, 8]);
      expect(params.config.replayRatio).toBe(0.5);
      // Copies travel: the store's images are not detached by the transfer.
      expect(params.train[0].image).not.toBe(s().samples[0].image);
      options.onProgress({ phase: 'training', step: 5, steps: 60, points: [{ step: 4, loss: 1.2, acc: 0.5 }], samplesPerSec: 100 });
      return { model, steps: 60, before: {}, after: {} };
    });
    await c.fineTune();
    expect(s().tuneState).toBe('done');
    expect(s().tuneCurve).toEqual([{ step: 5, loss: 1.2, lossEma: 1.2 }]);
    expect(loadModel).toHaveBeenCalledWith('tuned-default');
  });
});

describe('side-by-side comparison', () => {
  it('says why it is empty when the lab cannot answer, instead of going silent', async () => {
    const { c, request } = setup();
    drawSeven();
    request.mockRejectedValueOnce(new Error('The graphics context was lost while this ran'));
    c.compare(new Float32Array(784), s().drawVersion);
    await vi.waitFor(() => expect(s().comparison).not.toBeNull());
    expect(s().comparison!.entries).toEqual([{ id: 'default', error: 'The graphics context was lost while this ran' }]);
  });
});

describe('defaults', () => {
  it('are the worker’s own: variants per drawing and the full run’s settings', () => {
    // The worker plans THICKNESSES × RESCALES × ROTATIONS_PER_RESCALE variants of a drawing (augment.test.ts checks the plan).
    expect(VARIANTS_PER_SAMPLE).toBe(THICKNESSES.length * RESCALES.length * ROTATIONS_PER_RESCALE);
    expect(DEFAULT_TUNE_SETTINGS).toMatchObject({ replayRatio: FULL_CONFIG.replayRatio, learningRate: FULL_CONFIG.learningRate, batchNorm: FULL_CONFIG.batchNorm });
  });
});
