/** What the stroke scripts share: the app's TypeScript modules (loaded through Vite, Node 20 cannot strip types), and the shipped model. */
import { runnerImport } from 'vite';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Loads a TypeScript module of the app (e.g. 'src/shared/strokes/index.ts'). */
export async function loadTs(path) {
  const { module } = await runnerImport(resolve(root, path), { configFile: false, logLevel: 'error' });
  return module;
}

/** The stroke generator and the app's preprocessing. */
export async function loadStrokes() {
  const [strokes, preprocess] = await Promise.all([loadTs('src/shared/strokes/index.ts'), loadTs('src/shared/preprocess.ts')]);
  return { ...strokes, preprocess };
}
