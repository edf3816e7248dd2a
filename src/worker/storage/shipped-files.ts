/**
 * The shipped model's files from the site (models/default/), fetched and
 * checked the same way for every reader: the library, which builds it, and
 * the quick load, which hands the raw artifacts to the plain-JS engine.
 * Errors name the file, as "models/default/…".
 */
import type { ModelMeta } from '../../shared/types';
import { ModelFileError, baseName, parseModelJson } from './validate';

export const SHIPPED_JSON = 'models/default/model.json';

/** The shipped model's folder on the site. */
export const shippedDir = (baseUrl: string) => `${baseUrl}models/default/`;

export async function fetchFile(url: string, file: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ModelFileError(`Could not fetch ${file}: ${(e as Error).message}`, 'model-missing', file);
  }
  if (!res.ok) throw new ModelFileError(`${file} is missing (HTTP ${res.status})`, 'model-missing', file);
  return res;
}

export async function fetchMeta(dir: string): Promise<ModelMeta | null> {
  try {
    const r = await fetch(`${dir}meta.json`);
    return r.ok ? ((await r.json()) as ModelMeta) : null;
  } catch {
    return null;
  }
}

/** model.json's text and every weight file it lists, by name. */
export async function fetchShippedFiles(baseUrl: string): Promise<{ dir: string; text: string; files: Map<string, ArrayBuffer> }> {
  const dir = shippedDir(baseUrl);
  const text = await (await fetchFile(`${dir}model.json`, SHIPPED_JSON)).text();
  const { groups } = parseModelJson(text, SHIPPED_JSON);
  const files = new Map<string, ArrayBuffer>();
  for (const p of groups.flatMap((g) => g.paths)) {
    const name = baseName(p);
    files.set(name, await (await fetchFile(`${dir}${name}`, `models/default/${name}`)).arrayBuffer());
  }
  return { dir, text, files };
}

/** Runs `read` over the shipped files; a file error it throws names the file inside models/default/. */
export async function readShipped<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof ModelFileError && !e.file.startsWith('models/')) e.file = `models/default/${e.file}`;
    throw e;
  }
}
