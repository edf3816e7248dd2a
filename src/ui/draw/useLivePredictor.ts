/**
 * The live-prediction wiring every drawing surface shares (Draw, Teach, Look
 * inside): a LivePredictor on the bridge, a re-read when the model becomes
 * ready or its weights change, and undo/clear that keep it in step.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { getBridge } from '../bridge';
import { useStore } from '../store';
import { LivePredictor } from './livePredict';

export interface LivePredictorHandle {
  predictor: LivePredictor;
  /** Undoes the last stroke and reads what is left (or stops, when nothing is). */
  undo(): void;
  /** Clears the drawing and drops any scheduled prediction. */
  clear(): void;
}

/** `readOnMount`: the drawing may have been made on another tab; read it here too. */
export function useLivePredictor({ readOnMount = false }: { readOnMount?: boolean } = {}): LivePredictorHandle {
  const predictor = useMemo(() => new LivePredictor({ predict: (image) => getBridge().predictLatest(image), store: useStore.getState }), []);
  const modelReady = useStore((s) => s.modelReady);
  const modelVersion = useStore((s) => s.modelVersion);
  const modelId = useStore((s) => s.modelId);

  // A model that became ready (after failing, or with new weights) re-reads what is on the canvas.
  useEffect(() => {
    const s = useStore.getState();
    // Pending means a request is already queued in the bridge and will reach this model.
    if (!modelReady || s.strokes.length === 0 || s.pending) return;
    if (s.predictedBy === `${modelId}@${modelVersion}`) return;
    s.predictionStale();
    predictor.flush();
  }, [modelReady, modelId, modelVersion, predictor]);

  useEffect(() => {
    if (readOnMount && useStore.getState().strokes.length > 0) predictor.flush();
    return () => predictor.cancel();
  }, [predictor, readOnMount]);

  const undo = useCallback(() => {
    useStore.getState().undo();
    if (useStore.getState().strokes.length > 0) predictor.flush();
    else predictor.cancel();
  }, [predictor]);
  const clear = useCallback(() => {
    predictor.cancel();
    useStore.getState().clear();
  }, [predictor]);

  return { predictor, undo, clear };
}
