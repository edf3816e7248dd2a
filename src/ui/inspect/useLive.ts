/** Runs a lab request for the current drawing whenever it changes (newest only), and once for a new model. */
import { useEffect, useRef, useState } from 'react';
import { strokesToInput } from '../../shared/preprocess';
import { useStore } from '../store';
import { errorText, isCancelled, useModelKey } from './hooks';
import { Latest } from './latest';

export interface LiveInput {
  /** The drawing as the network sees it (784 floats). */
  image: Float32Array;
  /** Drawing version the image belongs to. */
  version: number;
  modelKey: string;
}

export interface Live<R> {
  result: (R & { input: LiveInput }) | null;
  error: string | null;
  /** Nothing is drawn. */
  empty: boolean;
  /** A request is in flight. */
  busy: boolean;
}

const NOTHING = Symbol('nothing drawn');

/**
 * Calls `run` with the drawing's 28×28 image each time it changes, without
 * queueing: at most one request in flight, only the newest change waiting.
 * The image is made when the request leaves, from the strokes as they are
 * then, so no work is spent on drawings that were already superseded.
 * `extra` names other inputs (method, target…) that should trigger a new run.
 */
export function useLiveDrawing<R>(run: (image: Float32Array) => Promise<R>, extra = ''): Live<R> {
  const modelKey = useModelKey();
  const [state, setState] = useState<Live<R>>(() => ({ result: null, error: null, empty: useStore.getState().strokes.length === 0, busy: false }));
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (modelKey === null) return;
    const latest = new Latest<null, (R & { input: LiveInput }) | typeof NOTHING>(
      async () => {
        const s = useStore.getState();
        const image = strokesToInput(s.strokes, s.viewSize);
        if (!image) return NOTHING;
        const input = { image, version: s.drawVersion, modelKey };
        return { ...(await runRef.current(image.slice())), input };
      },
      (r) => setState(r === NOTHING ? { result: null, error: null, empty: true, busy: false } : { result: r, error: null, empty: false, busy: latest.pending }),
      (e) => setState((s) => ({ ...s, error: isCancelled(e) ? s.error : errorText(e), busy: latest.pending })),
    );
    const push = () => {
      if (useStore.getState().strokes.length === 0) {
        latest.push(null);
        return;
      }
      latest.push(null);
      setState((s) => (s.busy && !s.empty ? s : { ...s, empty: false, busy: true }));
    };
    push();
    // A store subscription, not a render: the request leaves in the same tick as the stroke.
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.drawVersion !== prev.drawVersion || s.viewSize !== prev.viewSize) push();
    });
    return () => {
      unsubscribe();
      latest.dispose();
    };
  }, [modelKey, extra]);

  return state;
}
