import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { buildModel } from '../models/zoo';
import { setStorageStatusForTests, storageStatus, withLibraryLock } from './health';
import { deleteFromLibrary, duplicateInLibrary, listLibrary, loadFromLibrary, readIndex, saveToLibrary, updateInLibrary } from './library';
import { memory } from './memory';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  memory.clear();
  setStorageStatusForTests({ mode: 'memory', reason: 'unit test' });
});

const entry = (id: string, name = id) => ({ id, name, arch: 'linear' as const, testAccuracy: 0.9, ownAccuracy: null, createdAt: Date.now(), builtin: false });

async function weightsOf(m: tf.LayersModel): Promise<number[][]> {
  return Promise.all(m.getWeights().map(async (w) => Array.from(await w.data())));
}

describe('storage health', () => {
  it('falls back to memory where there is no IndexedDB (Node), with the reason', async () => {
    setStorageStatusForTests(null);
    const s = await storageStatus();
    expect(s.mode).toBe('memory');
    expect(s.reason).toMatch(/IndexedDB/);
  });
});

describe('model library (memory mode)', () => {
  it('saves, lists, loads the same weights, renames, duplicates and deletes', async () => {
    const m = buildModel('linear');
    const saved = await saveToLibrary(m, entry('run-1', 'First'));
    expect(saved).toMatchObject({ id: 'run-1', name: 'First', params: 7850, builtin: false });
    expect(saved.sizeBytes).toBeGreaterThan(7850 * 4);

    const { model: back, info } = await loadFromLibrary('run-1');
    expect(info.id).toBe('run-1');
    expect(await weightsOf(back)).toEqual(await weightsOf(m));

    const renamed = await updateInLibrary('run-1', { name: '  Best   one ' });
    expect(renamed?.name).toBe('Best one');
    expect(renamed?.version).toBe(saved.version);
    await expect(updateInLibrary('run-1', { name: '   ' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(updateInLibrary('run-1', { testAccuracy: 2 })).rejects.toMatchObject({ code: 'bad-request' });

    const copy = await duplicateInLibrary('run-1', undefined, 'http://test/');
    expect(copy.name).toBe('Best one (copy)');
    expect(copy.id).not.toBe('run-1');
    const { model: copied } = await loadFromLibrary(copy.id);
    expect(await weightsOf(copied)).toEqual(await weightsOf(m));

    expect(await deleteFromLibrary('run-1')).toBe(true);
    expect(await deleteFromLibrary('run-1')).toBe(false);
    expect((await readIndex()).map((x) => x.id)).toEqual([copy.id]);
    await expect(loadFromLibrary('run-1')).rejects.toMatchObject({ code: 'model-missing' });
    tf.dispose([m, back, copied] as unknown as tf.Tensor[]);
  });

  it('refuses to delete or rename the shipped model', async () => {
    await expect(deleteFromLibrary('default')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(updateInLibrary('default', { name: 'x' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('carries the drawn-digit accuracy: the shipped one from its meta.json, a measured one as an override, a stored one through a copy', async () => {
    const dir = join(import.meta.dirname, '../../../public/models/default');
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as { strokeAccuracy: number; testAccuracy: number };
    expect(meta.strokeAccuracy).toBeGreaterThan(0.9);
    const fetchBackup = globalThis.fetch;
    globalThis.fetch = (async (url: string | URL) => {
      const name = String(url).replace('http://test/models/default/', '');
      try {
        return new Response(await readFile(join(dir, name)));
      } catch {
        return new Response('nope', { status: 404 });
      }
    }) as typeof fetch;
    try {
      const [shipped] = await listLibrary('http://test/');
      expect(shipped).toMatchObject({ id: 'default', builtin: true, testAccuracy: meta.testAccuracy, strokeAccuracy: meta.strokeAccuracy });
      await updateInLibrary('default', { strokeAccuracy: 0.5 });
      expect((await listLibrary('http://test/'))[0].strokeAccuracy).toBe(0.5);
      await expect(updateInLibrary('default', { strokeAccuracy: 1.5 })).rejects.toMatchObject({ code: 'bad-request' });
    } finally {
      globalThis.fetch = fetchBackup;
    }
    const m = buildModel('linear');
    await saveToLibrary(m, { ...entry('run-s'), strokeAccuracy: 0.97 });
    const copy = await duplicateInLibrary('run-s', undefined, 'http://test/');
    expect(copy.strokeAccuracy).toBe(0.97);
    expect((await updateInLibrary(copy.id, { strokeAccuracy: null }))?.strokeAccuracy).toBeNull();
    m.dispose();
  });

  it('lists the stored models newest first, without the shipped one when the site has none', async () => {
    const m = buildModel('linear');
    await saveToLibrary(m, { ...entry('a'), createdAt: 1 });
    await saveToLibrary(m, { ...entry('b'), createdAt: 2 });
    const fetchBackup = globalThis.fetch;
    globalThis.fetch = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    try {
      expect((await listLibrary('http://test/')).map((x) => x.id)).toEqual(['b', 'a']);
    } finally {
      globalThis.fetch = fetchBackup;
    }
  });

  it('never loses an entry when writers race: each write holds the lock', async () => {
    const m = buildModel('linear');
    await Promise.all(Array.from({ length: 6 }, (_, i) => saveToLibrary(m, entry(`r${i}`))));
    await Promise.all([updateInLibrary('r0', { name: 'zero' }), deleteFromLibrary('r1'), updateInLibrary('r2', { ownAccuracy: 0.5 })]);
    const ids = (await readIndex()).map((x) => x.id).sort();
    expect(ids).toEqual(['r0', 'r2', 'r3', 'r4', 'r5']);
  });

  it('keeps the held-out count with the score: saved, duplicated, and cleared by a new score without one', async () => {
    const m = buildModel('linear');
    await saveToLibrary(m, { ...entry('tuned-x', 'X · your handwriting'), ownAccuracy: 0.75, ownCount: 8 });
    expect((await readIndex()).find((x) => x.id === 'tuned-x')).toMatchObject({ ownAccuracy: 0.75, ownCount: 8 });
    const copy = await duplicateInLibrary('tuned-x', undefined, '/');
    expect(copy).toMatchObject({ ownAccuracy: 0.75, ownCount: 8 });
    expect(await updateInLibrary('tuned-x', { ownAccuracy: 0.5, ownCount: 10 })).toMatchObject({ ownAccuracy: 0.5, ownCount: 10 });
    expect(await updateInLibrary('tuned-x', { ownAccuracy: 0.6 })).toMatchObject({ ownAccuracy: 0.6, ownCount: null });
    expect(await updateInLibrary('tuned-x', { name: 'Renamed' })).toMatchObject({ ownAccuracy: 0.6, ownCount: null });
    await expect(updateInLibrary('tuned-x', { ownAccuracy: 0.6, ownCount: 1.5 })).rejects.toThrow(/ownCount/);
  });

  it('the lock runs writers one at a time', async () => {
    const log: string[] = [];
    const job = (n: string) =>
      withLibraryLock(async () => {
        log.push(`${n}:start`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${n}:end`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });
});
