import { describe, expect, it } from 'vitest';
import { kv, memoryBackend, StorageError, toStorageError } from './kv';

describe('kv namespaces', () => {
  it('keep their values apart and round-trip typed arrays', async () => {
    const b = memoryBackend();
    const a = kv<{ v: Float32Array }>('a', b);
    const other = kv<number>('other', b);
    await a.setMany([
      ['x', { v: new Float32Array([1, 2]) }],
      ['y', { v: new Float32Array([3]) }],
    ]);
    await other.set('x', 5);
    expect((await a.all()).map((r) => Array.from(r.v))).toEqual([[1, 2], [3]]);
    expect(await other.all()).toEqual([5]);
    await a.delMany(['x']);
    expect(await a.all()).toHaveLength(1);
    expect(await other.get('x', 0)).toBe(5);
    expect(await other.get('missing', 42)).toBe(42);
  });

  it('turn storage failures into messages a person can act on, and reads into defaults', async () => {
    const b = memoryBackend();
    const ns = kv<number>('n', b);
    b.fail = Object.assign(new Error('Quota exceeded'), { name: 'QuotaExceededError' });
    const err = await ns.set('k', 1).catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.problem).toBe('quota');
    expect(err.message).toMatch(/storage is full/i);
    expect(toStorageError(Object.assign(new Error('blocked'), { name: 'InvalidStateError' })).problem).toBe('unavailable');
    expect(toStorageError(new Error('something odd')).problem).toBe('unknown');
    const broken = { ...b, get: async () => Promise.reject(new Error('gone')) };
    expect(await kv<number>('n', broken).get('k', 7)).toBe(7);
  });
});
