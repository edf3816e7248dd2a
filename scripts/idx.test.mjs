import { describe, expect, it } from 'vitest';
import { parseIdx, parseMnistPair } from './idx.mjs';

function idx(magic, dims, body) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(body)]);
}

describe('IDX parsing (build-shards)', () => {
  it('parses images and labels', () => {
    const imgs = idx(0x803, [2, 28, 28], new Uint8Array(2 * 784).fill(9));
    const labs = idx(0x801, [2], [3, 4]);
    const r = parseMnistPair(imgs, labs, 'i', 'l');
    expect(r.count).toBe(2);
    expect(Array.from(r.labels)).toEqual([3, 4]);
  });

  it('names a truncated file', () => {
    const imgs = idx(0x803, [2, 28, 28], new Uint8Array(784));
    expect(() => parseIdx(imgs, 'train-images-idx3-ubyte', 0x803)).toThrow(/train-images-idx3-ubyte: .* \(truncated or corrupt\)/);
  });

  it('rejects a wrong magic number and bad labels', () => {
    expect(() => parseIdx(idx(0x801, [1], [1]), 'f', 0x803)).toThrow(/magic/);
    expect(() => parseMnistPair(idx(0x803, [1, 28, 28], new Uint8Array(784)), idx(0x801, [1], [11]), 'i', 'l')).toThrow(/outside 0..9/);
  });
});
