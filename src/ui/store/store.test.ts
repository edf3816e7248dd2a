import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PredictResult } from '../../shared/protocol';
import { useStore } from './index';
import { APPROACH_EVERY_MS } from './draw';

const initial = useStore.getState();
const s = () => useStore.getState();
const result = (digit: number, p = 0.9): PredictResult => {
  const probs = new Float32Array(10).fill((1 - p) / 9);
  probs[digit] = p;
  return { probs, modelId: 'default', version: 1, ms: 3 };
};

beforeEach(() => useStore.setState(initial, true));

describe('store composition', () => {
  it('has every slice\'s fields and actions', () => {
    expect(s().section).toBe('draw');
    expect(s().strokes).toEqual([]);
    expect(typeof s().pushAlert).toBe('function');
    expect(typeof s().beginStroke).toBe('function');
  });
});

describe('app slice', () => {
  it('replaces notices and alerts that share a key, and dismisses by id or key', () => {
    s().addNotice('a', { key: 'backend' });
    s().addNotice('b', { key: 'backend' });
    const other = s().addNotice('c');
    expect(s().notices.map((n) => n.text)).toEqual(['b', 'c']);
    s().dismissNotice(other);
    s().dismissNotice('backend');
    expect(s().notices).toEqual([]);

    s().pushAlert({ key: 'model', title: 'x', message: 'one' });
    s().pushAlert({ key: 'model', title: 'x', message: 'two' });
    expect(s().alerts.map((a) => a.message)).toEqual(['two']);
    s().dismissAlert('model');
    expect(s().alerts).toEqual([]);
  });

  it('tracks the model through loading, ready and saved weights', () => {
    s().modelLoading('default');
    expect(s()).toMatchObject({ modelStatus: 'loading', modelReady: false, modelId: 'default' });
    const info = { id: 'default', name: 'CNN', arch: 'cnn', params: 1, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 3, builtin: true } as const;
    s().modelLoaded(info);
    expect(s()).toMatchObject({ modelStatus: 'ready', modelReady: true, modelVersion: 3, modelName: 'CNN' });
    s().modelSaved({ ...info, id: 'other', version: 9 });
    expect(s().modelVersion).toBe(3);
    s().modelSaved({ ...info, version: 4 });
    expect(s().modelVersion).toBe(4);
    s().setBackend('cpu', 'No WebGL here');
    expect(s().backend).toBe('cpu');
    expect(s().notices[0]).toMatchObject({ key: 'backend', tone: 'warning' });
  });
});

describe('draw slice', () => {
  it('passes a hovering pointer on at most every APPROACH_EVERY_MS, without touching the drawing', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      vi.setSystemTime(0);
      const v = s().drawVersion;
      s().approach();
      const first = s().approachAt;
      expect(Number.isFinite(first)).toBe(true);
      vi.advanceTimersByTime(APPROACH_EVERY_MS - 1);
      s().approach();
      expect(s().approachAt).toBe(first);
      vi.advanceTimersByTime(1);
      s().approach();
      expect(s().approachAt).toBe(first + APPROACH_EVERY_MS);
      expect(s().drawVersion).toBe(v);
      expect(s().pending).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks the drawing pending on every change and bumps its version', () => {
    s().setViewSize(280);
    s().beginStroke({ x: 1, y: 1 });
    const v1 = s().drawVersion;
    expect(s().pending).toBe(true);
    s().extendStroke([{ x: 2, y: 2 }, { x: 3, y: 3 }]);
    expect(s().drawVersion).toBe(v1 + 1);
    expect(s().strokes[0]).toHaveLength(3);
    s().endStroke();
    s().extendStroke([{ x: 9, y: 9 }]); // ignored: no stroke in progress
    expect(s().strokes[0]).toHaveLength(3);
  });

  it('shows a prediction for an older drawing but keeps waiting for the current one', () => {
    s().beginStroke({ x: 1, y: 1 });
    const old = s().drawVersion;
    s().extendStroke([{ x: 5, y: 5 }]);
    s().setPrediction(old, result(3));
    expect(s()).toMatchObject({ digit: 3, pending: true });
    s().setPrediction(s().drawVersion, result(8, 0.4));
    expect(s().digit).toBe(8);
    expect(s().confidence).toBeCloseTo(0.4);
    expect(s().pending).toBe(false);
    // A late answer for an older drawing never replaces a newer one.
    s().setPrediction(old, result(1));
    expect(s().digit).toBe(8);
  });

  it('ignores a prediction made by a model other than the one the header names', () => {
    s().modelLoading('b');
    s().beginStroke({ x: 1, y: 1 });
    s().setPrediction(s().drawVersion, result(3)); // made by 'default'
    expect(s()).toMatchObject({ digit: null, pending: true, predictedBy: null });
    s().setPrediction(s().drawVersion, { ...result(6), modelId: 'b' });
    expect(s()).toMatchObject({ digit: 6, pending: false, predictedBy: 'b@1' });
  });

  it('clears everything at once, and ignores answers that arrive after a clear', () => {
    s().beginStroke({ x: 1, y: 1 });
    const v = s().drawVersion;
    s().setPreview(v, new Float32Array(784));
    s().clear();
    expect(s()).toMatchObject({ strokes: [], digit: null, confidence: null, probs: null, preview: null, pending: false });
    s().setPrediction(v, result(2));
    expect(s().digit).toBeNull();
  });

  it('undoes the last stroke; undoing the only stroke clears', () => {
    s().beginStroke({ x: 1, y: 1 });
    s().endStroke();
    s().beginStroke({ x: 5, y: 5 });
    s().endStroke();
    s().setPrediction(s().drawVersion, result(4));
    s().undo();
    expect(s().strokes).toHaveLength(1);
    expect(s().pending).toBe(true);
    s().undo();
    expect(s()).toMatchObject({ strokes: [], pending: false, digit: null });
  });

  it('rescales strokes when the canvas is resized', () => {
    s().setViewSize(200);
    s().beginStroke({ x: 100, y: 50, pressure: 0.5 });
    s().setViewSize(400);
    expect(s().strokes[0][0]).toEqual({ x: 200, y: 100, pressure: 0.5 });
  });

  it('asks for a new prediction when the model changes, only if something is drawn', () => {
    const v0 = s().drawVersion;
    s().predictionStale();
    expect(s().drawVersion).toBe(v0);
    s().beginStroke({ x: 1, y: 1 });
    s().setPrediction(s().drawVersion, result(4));
    s().predictionStale();
    expect(s().pending).toBe(true);
  });
});

describe('restoreStrokes (a taken-back sample)', () => {
  it('scales unit strokes to the canvas and asks for a new prediction', () => {
    s().restoreStrokes([[{ x: 0.5, y: 0.5 }]]); // no canvas size yet: nothing happens
    expect(s().strokes).toEqual([]);
    s().setViewSize(200);
    const v = s().drawVersion;
    s().restoreStrokes([[{ x: 0.5, y: 0.25 }, { x: 1, y: 0 }]]);
    expect(s().strokes).toEqual([[{ x: 100, y: 50 }, { x: 200, y: 0 }]]);
    expect(s().drawVersion).toBe(v + 1);
    expect(s().pending).toBe(true);
    expect(s().drawing).toBe(false);
  });
});

describe('a built-in sample loaded without a pointer', () => {
  it('replaces the drawing, scaled to the canvas, remembers its digit until the drawing changes by hand, and waits for a prediction', () => {
    s().setViewSize(200);
    s().beginStroke({ x: 1, y: 1 });
    s().endStroke();
    const before = s().drawVersion;
    s().loadStrokes([[{ x: 0.5, y: 0.25 }, { x: 0.5, y: 0.75 }]], 1);
    expect(s().strokes).toEqual([[{ x: 100, y: 50 }, { x: 100, y: 150 }]]);
    expect(s().sample).toBe(1);
    expect(s().pending).toBe(true);
    expect(s().drawVersion).toBeGreaterThan(before);
    s().beginStroke({ x: 3, y: 3 });
    expect(s().sample).toBeNull();
    s().loadStrokes([[{ x: 0.1, y: 0.1 }]], 7);
    s().clear();
    expect(s().sample).toBeNull();
  });

  it('before the canvas has a size, uses a nominal one that a later resize rescales', () => {
    s().loadStrokes([[{ x: 0.5, y: 0.5 }]], 0);
    expect(s().viewSize).toBe(280);
    s().setViewSize(140);
    expect(s().strokes).toEqual([[{ x: 70, y: 70 }]]);
  });
});
