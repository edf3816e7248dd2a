import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, fetchManifest, fetchShard, parseShard, validateManifest, type ShardEntry } from './shards';
import { SHARDS_DIR, diskFetch } from '../testing/fixtures';
import { disposeShard, uploadShard } from './dataset';

const entry = (count: number): ShardEntry => ({ file: 'x.bin', count, bytes: count * 785, sha256: '', classCounts: [] });

describe('shard parsing', () => {
  it('splits pixels and labels', () => {
    const buf = new Uint8Array(2 * 785);
    buf[0] = 255;
    buf[2 * 784] = 7;
    buf[2 * 784 + 1] = 3;
    const s = parseShard(buf.buffer, entry(2));
    expect(s.images.length).toBe(2 * 784);
    expect(s.images[0]).toBe(255);
    expect(Array.from(s.labels)).toEqual([7, 3]);
  });

  it('rejects a truncated shard, naming the file', () => {
    expect(() => parseShard(new ArrayBuffer(785 * 2 - 10), entry(2))).toThrow(/x\.bin is 1560 bytes, expected 1570/);
  });

  it('rejects labels that are not digits', () => {
    const buf = new Uint8Array(785);
    buf[784] = 12;
    expect(() => parseShard(buf.buffer, entry(1))).toThrow(DataError);
  });

  it('validates the manifest shape', () => {
    expect(() => validateManifest({ format: 'nope' })).toThrow(/unknown format/);
    expect(() => validateManifest({ format: 'digit-lab-mnist', formatVersion: 1, splits: { train: [], val: [], test: [] } })).toThrow(/no train shards/);
  });

  it('loads the real manifest and a real shard with its checksum', async () => {
    const m = await fetchManifest('http://t/data/mnist/', diskFetch);
    expect(m.splits.train.reduce((a, s) => a + s.count, 0)).toBe(55000);
    expect(m.splits.val[0].count).toBe(5000);
    expect(m.splits.test.reduce((a, s) => a + s.count, 0)).toBe(10000);
    const s = await fetchShard('http://t/data/mnist/', m.splits.test[0], diskFetch);
    expect(s.count).toBe(5000);
  });

  it('reports a shard that fails its checksum', async () => {
    const m = await fetchManifest('http://t/data/mnist/', diskFetch);
    const real = readFileSync(join(SHARDS_DIR, m.splits.val[0].file));
    const flipped = new Uint8Array(real);
    flipped[100] ^= 0xff;
    const corrupt = async () => new Response(flipped);
    await expect(fetchShard('http://t/data/mnist/', m.splits.val[0], corrupt)).rejects.toMatchObject({ code: 'data-corrupt', file: 'val-00.bin' });
  });

  it('reports a missing shard', async () => {
    const missing = async () => new Response('no', { status: 404 });
    await expect(fetchShard('http://t/', entry(1), missing)).rejects.toMatchObject({ code: 'data-missing', file: 'x.bin' });
  });
});

describe('uploadShard', () => {
  it('holds the first `limit` images as [n,28,28,1] floats in 0..1 and their labels as int32', () => {
    const images = new Uint8Array(3 * 784).map((_, i) => (i * 7) % 256);
    const shard = uploadShard({ file: 'f.bin', count: 3, images, labels: new Uint8Array([4, 1, 9]) }, 2);
    try {
      expect(shard.count).toBe(2);
      expect(shard.xs.shape).toEqual([2, 28, 28, 1]);
      const xs = shard.xs.dataSync();
      expect(xs.length).toBe(2 * 784);
      for (const i of [0, 1, 37, 783, 784, 1567]) expect(xs[i]).toBeCloseTo(images[i] / 255, 6);
      expect(Array.from(shard.ys.dataSync())).toEqual([4, 1]);
      expect(shard.ys.dtype).toBe('int32');
      expect(Array.from(shard.labels)).toEqual([4, 1]);
    } finally {
      disposeShard(shard);
    }
  });
});
