/**
 * Reads what presentation mode has on paper: rasterises the strokes the way
 * the Draw tab does, predicts on the infer worker (latest wins), and asks the
 * lab for the first layer's feature maps, one request at a time so a busy lab
 * (training) never piles up work. Nothing here touches the Draw tab's state.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeatureMap } from '../../shared/inspect-types';
import { strokesToInput, type Stroke } from '../../shared/preprocess';
import { getBridge } from '../bridge';
import { errorText, isCancelled, lab } from '../inspect/hooks';

/** The raster side unit strokes are scaled to before preprocessing. */
const VIEW = 280;

export interface Reading {
  /** Which drawing (and how much of it) this reading is for. */
  key: string;
  image: Float32Array | null;
  probs: Float32Array | null;
  error: string | null;
}

export interface MapsReading {
  key: string;
  map: FeatureMap | null;
  error: string | null;
}

/** Unit-square strokes → the 28×28 network input (null when empty). */
export function inputOf(strokes: readonly Stroke[]): Float32Array | null {
  return strokesToInput(
    strokes.map((s) => s.map((p) => ({ x: p.x * VIEW, y: p.y * VIEW }))),
    VIEW,
  );
}

export function usePresentReader(firstLayer: string | null) {
  const [reading, setReading] = useState<Reading>({ key: '', image: null, probs: null, error: null });
  const [maps, setMaps] = useState<MapsReading>({ key: '', map: null, error: null });
  const live = useRef(true);
  const mapsBusy = useRef(false);
  const mapsNext = useRef<{ key: string; image: Float32Array } | null>(null);
  const layerRef = useRef(firstLayer);
  layerRef.current = firstLayer;

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const pumpMaps = useCallback(() => {
    const job = mapsNext.current;
    const layer = layerRef.current;
    if (mapsBusy.current || !job || !layer) return;
    mapsNext.current = null;
    mapsBusy.current = true;
    lab.call('featureMaps', { image: job.image, layers: [layer] }).then(
      (r) => live.current && setMaps({ key: job.key, map: r.maps[0] ?? null, error: null }),
      (e: unknown) => live.current && !isCancelled(e) && setMaps({ key: job.key, map: null, error: errorText(e) }),
    ).finally(() => {
      mapsBusy.current = false;
      if (live.current) pumpMaps();
    });
  }, []);

  /** Reads `strokes`, labelled `key`; `withMaps` also refreshes the feature maps. */
  const read = useCallback(
    (key: string, strokes: readonly Stroke[], withMaps: boolean) => {
      const image = inputOf(strokes);
      if (!image) {
        setReading({ key, image: null, probs: null, error: null });
        return;
      }
      setReading((r) => ({ ...r, image }));
      getBridge()
        .predictLatest(image)
        .then(
          (res) => res && live.current && setReading({ key, image, probs: res.probs, error: null }),
          (e: unknown) => live.current && setReading({ key, image, probs: null, error: errorText(e) }),
        );
      if (withMaps) {
        mapsNext.current = { key, image };
        pumpMaps();
      }
    },
    [pumpMaps],
  );

  // The layout arrived after the first drawing: its maps are due now.
  useEffect(() => {
    if (firstLayer && reading.image && maps.key === '') {
      mapsNext.current = { key: reading.key, image: reading.image };
      pumpMaps();
    }
  }, [firstLayer, reading, maps.key, pumpMaps]);

  return { reading, maps, read };
}
