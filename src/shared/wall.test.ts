/**
 * The worker wall: tfjs (~300 KB gzipped) lives only in src/worker and
 * scripts, so the page stays light and never blocks on tensor work.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const self = import.meta.filename;
const guarded = ['src/ui', 'src/shared', 'src/harness'];
const sourceFile = /\.(m|c)?[jt]sx?$/;
// import … from '@tensorflow/…', import('@tensorflow/…'), require('@tensorflow/…'), export … from '@tensorflow/…'
const tfImport = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"`]@tensorflow\//;

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return sourceFile.test(name) ? [path] : [];
  });
}

describe('worker wall', () => {
  it('finds the files it guards', () => {
    expect(walk(join(root, 'src/shared')).length).toBeGreaterThan(0);
  });

  it('keeps @tensorflow imports out of src/ui and src/shared', () => {
    const offenders: string[] = [];
    for (const dir of guarded) {
      for (const file of walk(join(root, dir))) {
        if (file === self) continue; // its own examples below
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((text, i) => {
          if (tfImport.test(text)) offenders.push(`${relative(root, file)}:${i + 1}: ${text.trim()}`);
        });
      }
    }
    expect(offenders, `tfjs must only be imported under src/worker or scripts:\n${offenders.join('\n')}`).toEqual([]);
  });

  it('recognises the import forms it forbids', () => {
    for (const bad of [
      "import * as tf from '@tensorflow/tfjs';",
      'import type { Tensor } from "@tensorflow/tfjs-core";',
      "const tf = await import('@tensorflow/tfjs');",
      "export { tidy } from '@tensorflow/tfjs-core';",
      "import '@tensorflow/tfjs-backend-webgl';",
      "const tf = require('@tensorflow/tfjs');",
    ]) {
      expect(tfImport.test(bad), bad).toBe(true);
    }
    expect(tfImport.test('// tensors live in the worker (@tensorflow/tfjs)')).toBe(false);
  });
});
