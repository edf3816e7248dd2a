/** The MNIST shard manifest and shard files written by scripts/build-shards. */

export interface ShardEntry {
  file: string;
  count: number;
  bytes: number;
  sha256: string;
  classCounts: number[];
}

export interface Manifest {
  format: 'digit-lab-mnist';
  formatVersion: 1;
  imageShape: [28, 28];
  splits: { train: ShardEntry[]; val: ShardEntry[]; test: ShardEntry[] };
}

export interface Shard {
  file: string;
  count: number;
  /** count×784 bytes, 0..255, white ink on black. */
  images: Uint8Array;
  labels: Uint8Array;
}

/** A data problem the user must hear about, naming the file. */
export class DataError extends Error {
  constructor(
    message: string,
    public code: 'data-missing' | 'data-corrupt',
    public file: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Checks a parsed manifest's shape; throws DataError on anything unexpected. */
export function validateManifest(m: unknown): Manifest {
  const bad = (why: string) => new DataError(`MNIST manifest.json is invalid: ${why}`, 'data-corrupt', 'manifest.json');
  if (!m || typeof m !== 'object') throw bad('not an object');
  const o = m as Partial<Manifest>;
  if (o.format !== 'digit-lab-mnist' || o.formatVersion !== 1) throw bad('unknown format');
  for (const split of ['train', 'val', 'test'] as const) {
    const list = o.splits?.[split];
    if (!Array.isArray(list) || list.length === 0) throw bad(`no ${split} shards`);
    for (const s of list) {
      if (typeof s.file !== 'string' || !/^[\w.-]+$/.test(s.file) || !(s.count > 0) || s.bytes !== s.count * 785 || typeof s.sha256 !== 'string') {
        throw bad(`bad entry for ${String(s.file)}`);
      }
    }
  }
  return o as Manifest;
}

/** Splits a shard's bytes into images and labels, checking size and labels. */
export function parseShard(buf: ArrayBuffer, entry: ShardEntry): Shard {
  if (buf.byteLength !== entry.bytes) {
    throw new DataError(
      `${entry.file} is ${buf.byteLength} bytes, expected ${entry.bytes} (truncated or corrupt download)`,
      'data-corrupt',
      entry.file,
    );
  }
  const images = new Uint8Array(buf, 0, entry.count * 784);
  const labels = new Uint8Array(buf, entry.count * 784, entry.count);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new DataError(`${entry.file}: label ${labels[i]} at ${i} is not a digit`, 'data-corrupt', entry.file);
  }
  return { file: entry.file, count: entry.count, images, labels };
}

/** Hex SHA-256 of a buffer, using WebCrypto (workers and Node 20 both have it). */
export async function sha256Hex(buf: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

type Fetch = (url: string) => Promise<Response>;

/** Fetches and validates the manifest. */
export async function fetchManifest(dataUrl: string, fetchFn: Fetch = fetch): Promise<Manifest> {
  let res: Response;
  try {
    res = await fetchFn(`${dataUrl}manifest.json`);
  } catch (e) {
    throw new DataError(`Could not fetch MNIST manifest.json: ${(e as Error).message}`, 'data-missing', 'manifest.json');
  }
  if (!res.ok) throw new DataError(`MNIST manifest.json is missing (HTTP ${res.status}). Run \`npm run prepare-data\`.`, 'data-missing', 'manifest.json');
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new DataError('MNIST manifest.json is not valid JSON', 'data-corrupt', 'manifest.json');
  }
  return validateManifest(json);
}

/** Fetches one shard, verifies its checksum and parses it. */
export async function fetchShard(dataUrl: string, entry: ShardEntry, fetchFn: Fetch = fetch): Promise<Shard> {
  let res: Response;
  try {
    res = await fetchFn(`${dataUrl}${entry.file}`);
  } catch (e) {
    throw new DataError(`Could not fetch ${entry.file}: ${(e as Error).message}`, 'data-missing', entry.file);
  }
  if (!res.ok) throw new DataError(`MNIST shard ${entry.file} is missing (HTTP ${res.status})`, 'data-missing', entry.file);
  const buf = await res.arrayBuffer();
  const shard = parseShard(buf, entry);
  const sum = await sha256Hex(buf);
  if (sum !== entry.sha256) throw new DataError(`MNIST shard ${entry.file} failed its checksum`, 'data-corrupt', entry.file);
  return shard;
}
