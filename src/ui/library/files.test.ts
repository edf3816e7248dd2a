import { describe, expect, it } from 'vitest';
import { formatBytes, historyCsv, pickImportFiles, type PickedFile } from './files';

const file = (name: string, body: string | ArrayBuffer): PickedFile => {
  const blob = new Blob([body]);
  return { name, size: blob.size, text: () => blob.text(), arrayBuffer: () => blob.arrayBuffer() };
};

describe('pickImportFiles', () => {
  it('sorts model.json, weights and meta.json, naming the model from meta', async () => {
    const meta = JSON.stringify({ format: 'digit-lab-model-meta', formatVersion: 1, name: 'My CNN', arch: 'cnn', params: 1 });
    const r = await pickImportFiles([file('meta.json', meta), file('model.json', '{"modelTopology":{}}'), file('model.weights.bin', new ArrayBuffer(8))]);
    expect(r.name).toBe('My CNN');
    expect(r.modelJson).toBe('{"modelTopology":{}}');
    expect(r.weightFiles.map((w) => [w.name, w.data.byteLength])).toEqual([['model.weights.bin', 8]]);
  });

  it('passes an unreadable model.json on (the worker says what is wrong) and names a model from its file', async () => {
    const r = await pickImportFiles([file('digits-v2.json', '{ broken'), file('w.bin', new ArrayBuffer(4))]);
    expect(r.modelJson).toBe('{ broken');
    expect(r.name).toBe('digits-v2');
  });

  it('refuses picks that cannot be one model', async () => {
    await expect(pickImportFiles([])).rejects.toThrow(/No files/);
    await expect(pickImportFiles([file('model.weights.bin', new ArrayBuffer(4))])).rejects.toThrow(/model.json is missing/);
    await expect(pickImportFiles([file('a.json', '{}'), file('b.json', '{}')])).rejects.toThrow(/one model at a time/);
  });
});

describe('historyCsv', () => {
  it('merges curve points and validation rows by batch', () => {
    const csv = historyCsv(
      [
        { x: 10, loss: 1.5, acc: 0.5, lossEma: 1.6, accEma: 0.45 },
        { x: 20, loss: 0.9, acc: 0.7, lossEma: 1.2, accEma: 0.6 },
      ],
      [{ x: 20, epoch: 1, loss: 0.8, acc: 0.75 }],
      10,
    );
    expect(csv.trim().split('\n')).toEqual([
      'batch,loss_mean_of_10,acc_mean_of_10,loss_smoothed,acc_smoothed,epoch,val_loss,val_acc',
      '10,1.5,0.5,1.6,0.45,,,',
      '20,0.9,0.7,1.2,0.6,1,0.8,0.75',
    ]);
  });
});

describe('formatBytes', () => {
  it('is short and readable', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(120_000)).toBe('117 KB');
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GB');
    expect(formatBytes(null)).toBe('—');
  });
});
