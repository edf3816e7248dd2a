/**
 * A model as one download: `<model name>.zip` holding model.json,
 * model.weights.bin and meta.json (stock tfjs loads the first two as they
 * are). Import takes the zip back, or the loose files. fflate is loaded on
 * first use, so it never weighs on the first paint.
 */
import type { PickedFile } from './files';

/** A file name from a model's name: "Digit Lab CNN (tuned)" → "digit-lab-cnn-tuned". */
export function slugName(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'model';
}

/** Zips a model's three files into one, named after the model. */
export async function modelZip(modelName: string, files: { modelJson: string; weights: ArrayBuffer; meta: unknown }): Promise<{ name: string; data: ArrayBuffer }> {
  const { strToU8, zipSync } = await import('fflate');
  const zipped = zipSync(
    {
      'model.json': strToU8(files.modelJson),
      // Weights barely compress; storing them keeps the export quick.
      'model.weights.bin': [new Uint8Array(files.weights), { level: 0 }],
      'meta.json': strToU8(JSON.stringify(files.meta, null, 2)),
    },
    { level: 6 },
  );
  return { name: `${slugName(modelName)}.zip`, data: zipped.buffer.slice(zipped.byteOffset, zipped.byteOffset + zipped.byteLength) as ArrayBuffer };
}

/** Replaces every picked .zip by the files inside it (folders flattened); other files pass through. */
export async function expandZips(files: PickedFile[]): Promise<PickedFile[]> {
  if (!files.some((f) => /\.zip$/i.test(f.name))) return files;
  const { unzipSync, strFromU8 } = await import('fflate');
  const out: PickedFile[] = [];
  for (const f of files) {
    if (!/\.zip$/i.test(f.name)) {
      out.push(f);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await f.arrayBuffer()));
    } catch {
      throw new Error(`${f.name} is not a readable zip file.`);
    }
    for (const [path, bytes] of Object.entries(entries)) {
      const name = path.split('/').pop()!;
      if (!name || path.startsWith('__MACOSX/') || name.startsWith('.')) continue;
      out.push({
        name,
        size: bytes.byteLength,
        text: async () => strFromU8(bytes),
        arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      });
    }
  }
  return out;
}
