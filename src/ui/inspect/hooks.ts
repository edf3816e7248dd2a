/** Shared plumbing of the inspector views: the lab client, the model layout, element widths and error wording. */
import { useEffect, useState, type RefObject } from 'react';
import type { ModelLayout } from '../../shared/inspect-types';
import { WorkerError } from '../../shared/protocol';
import { getBridge } from '../bridge';
import { useStore } from '../store';
import { StrokeClock } from './latest';
import { LabClient, modelKey } from './labClient';

/** The app's one lab client. */
export const lab = new LabClient(
  () => getBridge(),
  () => {
    const s = useStore.getState();
    return { id: s.modelId, version: s.modelVersion, ready: s.modelReady };
  },
);

/** Lag from a stroke to the feature maps showing it. */
export const strokeClock = new StrokeClock();

/** `id@version` of the ready model, or null. */
export function useModelKey(): string | null {
  return useStore((s) => (s.modelReady && s.modelId !== null && s.modelVersion !== null ? modelKey(s.modelId, s.modelVersion) : null));
}

export interface Query<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Runs `load` whenever `key` changes (null = nothing to do); stale answers are dropped. */
export function useLabQuery<T>(key: string | null, load: () => Promise<T>): Query<T> {
  const [q, setQ] = useState<Query<T> & { key: string | null }>({ data: null, error: null, loading: key !== null, key });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setQ((old) => ({ data: old.key === key ? old.data : null, error: null, loading: true, key }));
    load().then(
      (data) => live && setQ({ data, error: null, loading: false, key }),
      (e: unknown) => live && setQ({ data: null, error: errorText(e), loading: false, key }),
    );
    return () => {
      live = false;
    };
    // Only `key` names the work: `load` is a fresh closure every render.
  }, [key]);
  return q.key === key ? q : { data: null, error: null, loading: key !== null };
}

const layouts = new Map<string, Promise<ModelLayout>>();

/** The active model's inspectable layers (cached per model version). */
export function useLayout(): Query<ModelLayout> & { key: string | null } {
  const key = useModelKey();
  const q = useLabQuery(key, () => {
    let p = layouts.get(key!);
    if (!p) {
      p = lab.call('inspectLayers', {});
      layouts.set(key!, p);
      p.catch(() => layouts.delete(key!));
    }
    return p;
  });
  return { ...q, key };
}

/** Width of an element in CSS px, kept current with a ResizeObserver. */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 320): number {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setW(el.clientWidth || fallback);
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return w;
}

/** Words for a failed request. */
export function errorText(e: unknown): string {
  if (e instanceof WorkerError) {
    if (e.info.code === 'model-missing') return 'No model is loaded yet.';
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** True for the rejection of a request that a newer one replaced on purpose. */
export function isCancelled(e: unknown): boolean {
  return e instanceof WorkerError && e.info.code === 'cancelled';
}
