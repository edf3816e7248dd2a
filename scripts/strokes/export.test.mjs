import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { parseIdx, parseMnistPair } from '../idx.mjs';
import { encodeIdx } from './export.mjs';
import { drawText, encodeGreyPng } from './png.mjs';

describe('stroke export files', () => {
  it('writes IDX files that the MNIST reader accepts, byte for byte', () => {
    const images = new Uint8Array(2 * 784).map((_, i) => i % 251);
    const labels = new Uint8Array([7, 1]);
    const pair = parseMnistPair(encodeIdx([2, 28, 28], images), encodeIdx([2], labels), 'i', 'l');
    expect(pair.count).toBe(2);
    expect(Array.from(pair.images)).toEqual(Array.from(images));
    expect(Array.from(pair.labels)).toEqual([7, 1]);
    expect(parseIdx(encodeIdx([3], new Uint8Array(3)), 'x').dims).toEqual([3]);
    expect(() => encodeIdx([2, 28, 28], images.subarray(1))).toThrow(/1567 bytes for dims 2×28×28/);
  });

  it('writes a greyscale PNG whose pixels read back, labels included', () => {
    const [w, h] = [40, 12];
    const img = new Uint8Array(w * h).fill(255);
    expect(drawText(img, w, '1-a', 1, 1, 1, 0)).toBe(18);
    const png = encodeGreyPng(img, w, h);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([w, h, 8, 0]);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const rows = Array.from({ length: h }, (_, y) => raw.subarray(y * (w + 1) + 1, (y + 1) * (w + 1)));
    expect(Buffer.concat(rows).equals(Buffer.from(img))).toBe(true);
    expect(img.filter((v) => v === 0).length).toBeGreaterThan(10); // the label's ink
  });
});
