/** IDX (MNIST's file format) parsing, strict: any mismatch throws with the file name. */

/** Parses an IDX file of unsigned bytes; returns its dims and data. */
export function parseIdx(buf, name, expectMagic) {
  if (buf.length < 8) throw new Error(`${name}: file is ${buf.length} bytes, too short for an IDX header`);
  const magic = buf.readUInt32BE(0);
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) {
    throw new Error(`${name}: not an unsigned-byte IDX file (magic 0x${magic.toString(16)})`);
  }
  if (expectMagic !== undefined && magic !== expectMagic) {
    throw new Error(`${name}: magic 0x${magic.toString(16)}, expected 0x${expectMagic.toString(16)}`);
  }
  const ndims = buf[3];
  const headerLen = 4 + 4 * ndims;
  if (buf.length < headerLen) throw new Error(`${name}: truncated header`);
  const dims = [];
  for (let i = 0; i < ndims; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const expected = headerLen + dims.reduce((a, b) => a * b, 1);
  if (buf.length !== expected) {
    throw new Error(`${name}: ${buf.length} bytes but its header promises ${expected} (truncated or corrupt)`);
  }
  return { dims, data: buf.subarray(headerLen) };
}

/** Checks an images/labels pair and returns images (N×784 bytes) and labels (N bytes). */
export function parseMnistPair(imagesBuf, labelsBuf, imagesName, labelsName) {
  const img = parseIdx(imagesBuf, imagesName, 0x00000803);
  const lab = parseIdx(labelsBuf, labelsName, 0x00000801);
  const [n, h, w] = img.dims;
  if (img.dims.length !== 3 || h !== 28 || w !== 28) throw new Error(`${imagesName}: expected N×28×28 images, got ${img.dims.join('×')}`);
  if (lab.dims[0] !== n) throw new Error(`${labelsName}: ${lab.dims[0]} labels for ${n} images in ${imagesName}`);
  for (let i = 0; i < n; i++) {
    if (lab.data[i] > 9) throw new Error(`${labelsName}: label ${lab.data[i]} at index ${i} is outside 0..9`);
  }
  return { count: n, images: img.data, labels: lab.data };
}
