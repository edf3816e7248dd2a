/** "Look inside": which view is open and what the user pinned or chose, kept across tab switches. */
import type { DreamTarget, FeatureMap } from '../../shared/inspect-types';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends InspectSlice {}
}

export const INSPECT_VIEWS = ['filters', 'maps', 'noise', 'dream', 'saliency', 'codes', 'embedding', 'adversarial', 'ablation'] as const;
export type InspectView = (typeof INSPECT_VIEWS)[number];

/** Drawing A of "codes side by side": its image, its code and what the model said. */
export interface PinnedCode {
  image: Float32Array;
  code: FeatureMap;
  probs: Float32Array;
  /** `modelId@version` the code was computed with; a new model makes it stale. */
  modelKey: string;
}

export interface InspectSlice {
  inspectView: InspectView;
  noiseSeed: number;
  pinned: PinnedCode | null;
  dreamTarget: DreamTarget;
  setInspectView(view: InspectView): void;
  setNoiseSeed(seed: number): void;
  pin(p: PinnedCode | null): void;
  setDreamTarget(t: DreamTarget): void;
}

export const createInspectSlice: SliceCreator<InspectSlice> = (set) => ({
  inspectView: 'maps',
  noiseSeed: 2024,
  pinned: null,
  dreamTarget: { kind: 'class', digit: 8 },
  setInspectView(view) {
    set({ inspectView: view });
  },
  setNoiseSeed(seed) {
    set({ noiseSeed: Math.trunc(seed) });
  },
  pin(p) {
    set({ pinned: p });
  },
  setDreamTarget(t) {
    set({ dreamTarget: t });
  },
});
