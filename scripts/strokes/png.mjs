/** Greyscale PNG writing with node:zlib, and a 5×7 pixel font for labels: enough for a contact sheet without an image library. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit greyscale PNG of `pixels` (width × height bytes, row-major). */
export function encodeGreyPng(pixels, width, height) {
  if (pixels.length !== width * height) throw new Error(`encodeGreyPng: ${pixels.length} bytes for ${width}×${height}`);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none (flat backgrounds compress well as they are)
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// 5×7 glyphs, one string of 7 rows per character ('#' = ink).
const GLYPHS = {
  a: ' ..... ..... .###. ....# .#### #...# .####', b: ' #.... #.... ####. #...# #...# #...# ####.', c: ' ..... ..... .###. #.... #.... #...# .###.',
  d: ' ....# ....# .#### #...# #...# #...# .####', e: ' ..... ..... .###. #...# ##### #.... .###.', f: ' ..##. .#..# .#... ###.. .#... .#... .#...',
  g: ' ..... .#### #...# #...# .#### ....# .###.', h: ' #.... #.... #.##. ##..# #...# #...# #...#', i: ' ..#.. ..... .##.. ..#.. ..#.. ..#.. .###.',
  j: ' ...#. ..... ..##. ...#. ...#. #..#. .##..', k: ' #.... #.... #..#. #.#.. ##... #.#.. #..#.', l: ' .##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  m: ' ..... ..... ##.#. #.#.# #.#.# #...# #...#', n: ' ..... ..... #.##. ##..# #...# #...# #...#', o: ' ..... ..... .###. #...# #...# #...# .###.',
  p: ' ..... ..... ####. #...# ####. #.... #....', q: ' ..... ..... .#### #...# .#### ....# ....#', r: ' ..... ..... #.##. ##..# #.... #.... #....',
  s: ' ..... ..... .###. #.... .###. ....# ####.', t: ' .#... .#... ###.. .#... .#... .#..# ..##.', u: ' ..... ..... #...# #...# #...# #..## .##.#',
  v: ' ..... ..... #...# #...# #...# .#.#. ..#..', w: ' ..... ..... #...# #...# #.#.# #.#.# .#.#.', x: ' ..... ..... #...# .#.#. ..#.. .#.#. #...#',
  y: ' ..... ..... #...# #...# .#### ....# .###.', z: ' ..... ..... ##### ...#. ..#.. .#... #####',
  0: ' .###. #...# #..## #.#.# ##..# #...# .###.', 1: ' ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.', 2: ' .###. #...# ....# ...#. ..#.. .#... #####',
  3: ' ##### ...#. ..#.. ...#. ....# #...# .###.', 4: ' ...#. ..##. .#.#. #..#. ##### ...#. ...#.', 5: ' ##### #.... ####. ....# ....# #...# .###.',
  6: ' ..##. .#... #.... ####. #...# #...# .###.', 7: ' ##### ....# ...#. ..#.. .#... .#... .#...', 8: ' .###. #...# #...# .###. #...# #...# .###.',
  9: ' .###. #...# #...# .#### ....# ...#. .##..', '-': ' ..... ..... ..... ##### ..... ..... .....', ' ': ' ..... ..... ..... ..... ..... ..... .....',
  '.': ' ..... ..... ..... ..... ..... .##.. .##..', '%': ' ##... ##..# ...#. ..#.. .#... #..## ...##',
};

/** Draws `text` into a greyscale image at (x, y), each font pixel `scale`×`scale`, in grey level `ink`; returns the width used. */
export function drawText(img, width, text, x, y, scale = 2, ink = 0) {
  let cx = x;
  for (const ch of String(text).toLowerCase()) {
    const rows = (GLYPHS[ch] ?? GLYPHS[' ']).trim().split(' ');
    rows.forEach((row, ry) => {
      for (let rx = 0; rx < 5; rx++) {
        if (row[rx] !== '#') continue;
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) img[(y + ry * scale + dy) * width + cx + rx * scale + dx] = ink;
      }
    });
    cx += 6 * scale;
  }
  return cx - x;
}
