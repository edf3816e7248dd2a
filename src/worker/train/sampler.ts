/** Draws each batch's images: a loaded shard weighted by what it has left this epoch, then the next slice of its shuffled order. */
import type { GpuShard } from '../data/dataset';

export interface EpochPlan {
  perms: Map<GpuShard, { order: Int32Array; cursor: number }>;
}

export function shuffled(n: number, rand: () => number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** The next batch (up to `bs` indices into one shard), or null when no loaded shard has images left this epoch. */
export function nextBatch(plan: EpochPlan, shards: readonly GpuShard[], bs: number, rand: () => number): { shard: GpuShard; idx: Int32Array } | null {
  const candidates = shards.filter((s) => {
    const p = plan.perms.get(s);
    return !p || p.cursor < p.order.length;
  });
  if (candidates.length === 0) return null;
  const left = candidates.map((s) => {
    const p = plan.perms.get(s);
    return p ? p.order.length - p.cursor : s.count;
  });
  let r = rand() * left.reduce((a, b) => a + b, 0);
  let k = 0;
  while (k < candidates.length - 1 && r >= left[k]) r -= left[k++];
  const shard = candidates[k];
  let p = plan.perms.get(shard);
  if (!p) {
    p = { order: shuffled(shard.count, rand), cursor: 0 };
    plan.perms.set(shard, p);
  }
  const idx = p.order.subarray(p.cursor, Math.min(p.cursor + bs, p.order.length));
  p.cursor += idx.length;
  return { shard, idx };
}
