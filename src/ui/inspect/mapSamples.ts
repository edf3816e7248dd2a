/** "Show my samples" on the map: the user's saved samples, placed by the lab the same way as the live drawing. */
import { useEffect, useMemo, useState } from 'react';
import type { EmbeddingResult } from '../../shared/inspect-more-types';
import { SAMPLE_PIXELS, type Sample } from '../../shared/samples';
import { teachController } from '../samples/controller';
import { useStore } from '../store';
import { errorText, lab } from './hooks';

/** One saved sample on the map. */
export interface PlacedSample {
  id: string;
  label: number;
  /** The model's answer for it. */
  pred: number;
  x: number;
  y: number;
  image: Float32Array;
}

export type SamplesOnMap = { state: 'off' } | { state: 'loading' } | { state: 'done'; placed: PlacedSample[] } | { state: 'error'; message: string };

/** While `on`, the saved samples placed on `map` (re-placed when the samples or the map change). */
export function useSamplesOnMap(map: EmbeddingResult | null, on: boolean): SamplesOnMap {
  const samples = useStore((s) => s.samples);
  const status = useStore((s) => s.samplesStatus);
  const storeError = useStore((s) => s.samplesError);
  const [got, setGot] = useState<{ for: readonly Sample[]; map: EmbeddingResult; placed: PlacedSample[] } | { error: string } | null>(null);

  useEffect(() => {
    if (on) void teachController().ensureLoaded();
  }, [on]);

  useEffect(() => {
    if (!on || !map || status !== 'ready') return;
    let live = true;
    const mine = samples.slice();
    const images = new Float32Array(mine.length * SAMPLE_PIXELS);
    mine.forEach((s, i) => images.set(s.image, i * SAMPLE_PIXELS));
    lab.call('embeddingSamples', { images }).then(
      (r) => {
        if (!live) return;
        // The lab lost its map: the view remakes it; the samples are placed again on the new one.
        if (!r.mapped) return setGot({ for: samples, map, placed: [] });
        const placed = mine.map((s, i) => ({ id: s.id, label: s.label, pred: r.preds[i], x: r.points[i * 2], y: r.points[i * 2 + 1], image: s.image }));
        setGot({ for: samples, map, placed });
      },
      (e: unknown) => live && setGot({ error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [on, map, samples, status]);

  return useMemo((): SamplesOnMap => {
    if (!on) return { state: 'off' };
    if (status === 'error') return { state: 'error', message: `Your samples could not be read: ${storeError ?? 'browser storage failed'}.` };
    if (got && 'error' in got) return { state: 'error', message: got.error };
    if (!got || got.for !== samples || got.map !== map) return { state: 'loading' };
    return { state: 'done', placed: got.placed };
  }, [on, status, storeError, got, samples, map]);
}
