/** The drawing and what the network made of it. */
import type { PredictResult } from '../../shared/protocol';
import type { Point, Stroke } from '../../shared/preprocess';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends DrawSlice {}
}

export interface DrawSlice {
  /** Finished strokes plus the one being drawn, in CSS px of a square canvas of side `viewSize`. */
  strokes: Stroke[];
  viewSize: number;
  /** Bumped on every change to the drawing; predictions are matched against it. */
  drawVersion: number;
  /** True while a stroke is being drawn. */
  drawing: boolean;
  /** When (performance.now) a mouse or pen last hovered over a drawing canvas, at most every APPROACH_EVERY_MS: a stroke may be coming. */
  approachAt: number;
  /** The digit of a built-in sample loaded with `loadStrokes` (the keyboard's way to draw), until the drawing changes by hand. */
  sample: number | null;
  /** The 28×28 image last sent to the network ("what the network sees"). */
  preview: Float32Array | null;
  probs: Float32Array | null;
  /** Top-1 digit of the latest finished prediction; null when the canvas is empty. */
  digit: number | null;
  /** Probability of `digit`, 0..1. */
  confidence: number | null;
  /** The drawing changed and its prediction is not shown yet. */
  pending: boolean;
  /** Drawing version the shown prediction belongs to. */
  predictedVersion: number;
  /** Time the worker took for the shown prediction. */
  predictMs: number | null;
  /** Where the last prediction ran (the infer worker predicts one image on a CPU copy when that is quicker). */
  predictOn: 'cpu' | 'webgl' | null;
  /** `modelId@version` that made the shown prediction. */
  predictedBy: string | null;

  beginStroke(point: Point): void;
  /** A pointer hovers over a drawing canvas (no button pressed); updates `approachAt` at most every APPROACH_EVERY_MS. */
  approach(): void;
  /** Replaces the drawing with strokes in unit coordinates (0..1 of the canvas side): a built-in sample of `label`. */
  loadStrokes(strokes: readonly Stroke[], label: number): void;
  /** Puts a drawing in unit coordinates back on a sized canvas (a taken-back sample); does nothing before the canvas has a size. */
  restoreStrokes(strokes: readonly Stroke[]): void;
  extendStroke(points: readonly Point[]): void;
  endStroke(): void;
  undo(): void;
  clear(): void;
  /** The canvas was resized: rescales the strokes so the drawing keeps its place. */
  setViewSize(size: number): void;
  setPreview(version: number, image: Float32Array | null): void;
  /** Shows a prediction made for drawing `version` by the active model; only the current version ends `pending`. */
  setPrediction(version: number, result: PredictResult): void;
  /** No prediction will come for `version` (no model, or it failed): stop waiting for it. */
  predictionUnavailable(version: number): void;
  /** The model's weights changed: what is shown is out of date, so the drawing needs a new prediction. */
  predictionStale(): void;
}

const empty = { preview: null, probs: null, digit: null, confidence: null, pending: false, predictMs: null, predictedBy: null };

/** How often a hovering pointer is passed on (each time the lab holds training for its grace time, 2 s). */
export const APPROACH_EVERY_MS = 500;

export const createDrawSlice: SliceCreator<DrawSlice> = (set, get) => ({
  strokes: [],
  viewSize: 0,
  drawVersion: 0,
  drawing: false,
  approachAt: Number.NEGATIVE_INFINITY,
  sample: null,
  predictedVersion: 0,
  ...empty,
  predictOn: null,

  beginStroke(point) {
    set((s) => ({ strokes: [...s.strokes, [point]], drawing: true, sample: null, drawVersion: s.drawVersion + 1, pending: true }));
  },

  approach() {
    const t = performance.now();
    if (t - get().approachAt >= APPROACH_EVERY_MS) set({ approachAt: t });
  },

  loadStrokes(unit, label) {
    // Before the canvas has a size, any side works: setViewSize rescales the strokes once it has one.
    const side = get().viewSize > 0 ? get().viewSize : 280;
    const strokes = unit.map((st) => st.map((p) => ({ x: p.x * side, y: p.y * side })));
    set((s) => ({ strokes, viewSize: side, drawing: false, sample: label, drawVersion: s.drawVersion + 1, pending: true }));
  },

  restoreStrokes(unit) {
    const side = get().viewSize;
    if (!(side > 0)) return;
    set((s) => ({ strokes: unit.map((st) => st.map((p) => ({ ...p, x: p.x * side, y: p.y * side }))), drawing: false, drawVersion: s.drawVersion + 1, pending: true }));
  },

  extendStroke(points) {
    if (points.length === 0 || !get().drawing) return;
    set((s) => {
      const strokes = s.strokes.slice();
      strokes[strokes.length - 1] = [...strokes[strokes.length - 1], ...points];
      return { strokes, drawVersion: s.drawVersion + 1, pending: true };
    });
  },

  endStroke() {
    if (get().drawing) set({ drawing: false });
  },

  undo() {
    const { strokes } = get();
    if (strokes.length === 0) return;
    if (strokes.length === 1) return get().clear();
    set((s) => ({ strokes: s.strokes.slice(0, -1), drawing: false, sample: null, drawVersion: s.drawVersion + 1, pending: true }));
  },

  clear() {
    set((s) => ({ strokes: [], drawing: false, sample: null, drawVersion: s.drawVersion + 1, predictedVersion: s.drawVersion + 1, ...empty }));
  },

  setViewSize(size) {
    const { viewSize, strokes } = get();
    if (!(size > 0) || size === viewSize) return;
    if (viewSize > 0 && strokes.length > 0) {
      const k = size / viewSize;
      set({ viewSize: size, strokes: strokes.map((st) => st.map((p) => ({ ...p, x: p.x * k, y: p.y * k }))) });
    } else {
      set({ viewSize: size });
    }
  },

  setPreview(version, image) {
    if (version === get().drawVersion) set({ preview: image });
  },

  setPrediction(version, result) {
    const s = get();
    // Older than what is shown, or a drawing that has since been cleared: drop it.
    if (version < s.predictedVersion || s.strokes.length === 0) return;
    // Made by a model other than the one the header names (a switch overtook it): drop it too.
    if (s.modelId !== null && result.modelId !== s.modelId) return;
    const probs = result.probs;
    let digit = 0;
    for (let i = 1; i < probs.length; i++) if (probs[i] > probs[digit]) digit = i;
    set({
      probs,
      digit,
      confidence: probs[digit],
      predictMs: result.ms,
      predictOn: result.on ?? null,
      predictedBy: `${result.modelId}@${result.version}`,
      predictedVersion: version,
      // An earlier drawing's answer is shown meanwhile, but we are still waiting.
      pending: version !== s.drawVersion,
    });
  },

  predictionUnavailable(version) {
    if (version === get().drawVersion) set({ pending: false });
  },

  predictionStale() {
    if (get().strokes.length > 0) set((s) => ({ drawVersion: s.drawVersion + 1, pending: true }));
  },
});
