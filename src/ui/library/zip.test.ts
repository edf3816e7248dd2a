import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pickImportFiles, type PickedFile } from './files';
import { expandZips, modelZip, slugName } from './zip';

const file = (name: string, body: string | ArrayBuffer): PickedFile => {
  const blob = new Blob([body]);
  return { name, size: blob.size, text: () => blob.text(), arrayBuffer: () => blob.arrayBuffer() };
};

describe('model zip', () => {
  it('names the zip after the model', () => {
    expect(slugName('Digit Lab CNN (tuned)')).toBe('digit-lab-cnn-tuned');
    expect(slugName('Zöe’s net')).toBe('zoe-s-net');
    expect(slugName('***')).toBe('model');
  });

  it('holds model.json, model.weights.bin and meta.json, byte for byte', async () => {
    const weights = new Float32Array([1, 2, 3, -4.5]).buffer;
    const meta = { format: 'digit-lab-model-meta', formatVersion: 1, name: 'My CNN' };
    const zip = await modelZip('My CNN', { modelJson: '{"format":"layers-model"}', weights, meta });
    expect(zip.name).toBe('my-cnn.zip');
    const entries = unzipSync(new Uint8Array(zip.data));
    expect(Object.keys(entries).sort()).toEqual(['meta.json', 'model.json', 'model.weights.bin']);
    expect(strFromU8(entries['model.json'])).toBe('{"format":"layers-model"}');
    expect([...new Float32Array(entries['model.weights.bin'].slice().buffer)]).toEqual([1, 2, 3, -4.5]);
    expect(JSON.parse(strFromU8(entries['meta.json']))).toEqual(meta);
  });

  it('imports back: a picked zip becomes the files inside it', async () => {
    const meta = { format: 'digit-lab-model-meta', formatVersion: 1, name: 'My CNN', arch: 'cnn', params: 1 };
    const zip = await modelZip('My CNN', { modelJson: '{"modelTopology":{}}', weights: new ArrayBuffer(8), meta });
    const picked = await pickImportFiles(await expandZips([file('my-cnn.zip', zip.data)]));
    expect(picked.name).toBe('My CNN');
    expect(picked.modelJson).toBe('{"modelTopology":{}}');
    expect(picked.weightFiles.map((w) => [w.name, w.data.byteLength])).toEqual([['model.weights.bin', 8]]);
  });

  it('says so when a .zip is not a zip', async () => {
    await expect(expandZips([file('model.zip', 'not a zip at all')])).rejects.toThrow(/model\.zip is not a readable zip/);
  });
});
