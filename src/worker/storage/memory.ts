/**
 * The library in memory, for browsers that refuse IndexedDB. Each worker
 * holds its own copy; a worker missing a model (the prediction worker asked
 * to show a model the lab trained, or a respawned worker) asks its peers
 * over a BroadcastChannel and keeps the answer.
 */
import * as tf from '../tf';
import type { ModelInfo } from '../../shared/types';

interface Entry {
  info: ModelInfo;
  artifacts: tf.io.ModelArtifacts;
}

const entries = new Map<string, Entry>();
const PEER_CHANNEL = 'digit-lab-memory';
const ASK_MS = 2000;

type PeerMsg = { type: 'want'; id: string; nonce: string } | { type: 'have'; nonce: string; entry: Entry | null } | { type: 'forget'; id: string };

let channel: BroadcastChannel | null = null;
const waiting = new Map<string, (e: Entry | null) => void>();

function peers(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(PEER_CHANNEL);
  channel.onmessage = (ev: MessageEvent<PeerMsg>) => {
    const m = ev.data;
    if (m.type === 'want') {
      const entry = entries.get(m.id);
      if (entry) channel!.postMessage({ type: 'have', nonce: m.nonce, entry } satisfies PeerMsg);
    } else if (m.type === 'have') {
      waiting.get(m.nonce)?.(m.entry);
    } else if (m.type === 'forget') {
      entries.delete(m.id);
    }
  };
  return channel;
}

/** Starts answering peers (call once memory mode is chosen). */
export function joinPeers(): void {
  peers();
}

export const memory = {
  index(): ModelInfo[] {
    return [...entries.values()].map((e) => e.info);
  },

  get(id: string): Entry | undefined {
    return entries.get(id);
  },

  put(info: ModelInfo, artifacts: tf.io.ModelArtifacts): void {
    entries.set(info.id, { info, artifacts });
  },

  setInfo(info: ModelInfo): void {
    const e = entries.get(info.id);
    if (e) entries.set(info.id, { ...e, info });
  },

  remove(id: string): void {
    entries.delete(id);
    peers()?.postMessage({ type: 'forget', id } satisfies PeerMsg);
  },

  /** The entry from this worker, else from a peer worker (waits up to 2 s). */
  async fetch(id: string): Promise<Entry | null> {
    const own = entries.get(id);
    if (own) return own;
    const ch = peers();
    if (!ch) return null;
    const nonce = `${Date.now()}-${Math.random()}`;
    const entry = await new Promise<Entry | null>((resolve) => {
      const t = setTimeout(() => resolve(null), ASK_MS);
      waiting.set(nonce, (e) => {
        clearTimeout(t);
        resolve(e);
      });
      ch.postMessage({ type: 'want', id, nonce } satisfies PeerMsg);
    });
    waiting.delete(nonce);
    if (entry) entries.set(id, entry);
    return entry;
  },

  clear(): void {
    entries.clear();
  },
};

/** Captures a model's artifacts (topology + weights) without touching storage. */
export async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let out: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = { ...a, weightData: a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : undefined };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return out!;
}
