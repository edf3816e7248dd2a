import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerError, type Method } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { useStore } from '../store';
import { LibraryController, type LibraryDeps } from './controller';
import type { PickedFile } from './files';

const initial = useStore.getState();
const s = () => useStore.getState();
beforeEach(() => useStore.setState(initial, true));

const model = (id: string, name = id): ModelInfo => ({ id, name, arch: 'imported', params: 10, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 40, version: 1, builtin: false });
const file = (name: string, body: string | ArrayBuffer): PickedFile => {
  const blob = new Blob([body]);
  return { name, size: blob.size, text: () => blob.text(), arrayBuffer: () => blob.arrayBuffer() };
};
const modelFiles = () => [file('model.json', '{"modelTopology":{}}'), file('model.weights.bin', new ArrayBuffer(8))];

/** A controller over fake workers: `answers` says what each method resolves (or rejects) with. */
function setup(answers: Partial<Record<Method, (params: never, options?: { onProgress?: (p: never) => void }) => unknown>> = {}) {
  const calls: { role: string; method: Method; params: unknown }[] = [];
  const request = vi.fn(async (role: string, method: Method, params: unknown, options?: { onProgress?: (p: never) => void }) => {
    calls.push({ role, method, params });
    const answer = answers[method];
    if (!answer) throw new Error(`unexpected ${method}`);
    return answer(params as never, options);
  });
  const loadModel = vi.fn(async (id: string) => model(id));
  const download = vi.fn(async () => undefined);
  const deps: LibraryDeps = { request: request as unknown as LibraryDeps['request'], loadModel, store: useStore.getState, download };
  return { c: new LibraryController(deps), calls, loadModel, download };
}

describe('importing a model', () => {
  it('stores it, measures it on MNIST and the drawn digits with progress, and records both', async () => {
    const m = model('import-1', 'digits');
    const { c, calls } = setup({
      importModel: () => m,
      listModels: () => [m],
      evaluate: (_p, o) => {
        o?.onProgress?.({ done: 5000, total: 12500 } as never);
        expect(s().libraryImport).toMatchObject({ phase: 'measuring', id: 'import-1', done: 5000, total: 12500 });
        return { accuracy: 0.91, count: 10000, strokes: { accuracy: 0.8, count: 2500 } };
      },
      updateModel: () => ({ ...m, testAccuracy: 0.91, strokeAccuracy: 0.8 }),
    });
    await c.importFiles(modelFiles());
    expect(calls.map((x) => x.method)).toEqual(expect.arrayContaining(['importModel', 'evaluate', 'updateModel']));
    expect(calls.find((x) => x.method === 'evaluate')!.params).toEqual({ id: 'import-1', strokes: true });
    expect(calls.find((x) => x.method === 'updateModel')!.params).toEqual({ id: 'import-1', patch: { testAccuracy: 0.91, strokeAccuracy: 0.8 } });
    expect(s().libraryImport).toEqual({ phase: 'done', name: 'Imported model', id: 'import-1', accuracy: 0.91, strokeAccuracy: 0.8 });
    expect(s().libraryBusy).toEqual({});
    expect(s().alerts).toEqual([]);
  });

  it('refuses a pick that is not a model with one alert, sending nothing', async () => {
    const { c, calls } = setup();
    await c.importFiles([file('model.weights.bin', new ArrayBuffer(4))]);
    expect(calls).toEqual([]);
    expect(s().alerts).toHaveLength(1);
    expect(s().alerts[0]).toMatchObject({ key: 'import', title: 'These files are not a model Digit Lab can import' });
    expect(s().libraryImport).toEqual({ phase: 'idle' });
  });

  it('says storage when the worker could not store it, and changes nothing', async () => {
    const { c } = setup({
      importModel: () => {
        throw new WorkerError({ code: 'storage', message: 'The browser’s storage is full' });
      },
    });
    await c.importFiles(modelFiles());
    expect(s().alerts[0]).toMatchObject({ key: 'import', title: 'The model could not be stored', code: 'storage' });
    expect(s().libraryImport).toEqual({ phase: 'idle' });
    expect(s().libraryModels).toBeNull();
  });
});

describe('library rows', () => {
  it('hands over to the shipped model before deleting the active one', async () => {
    useStore.setState({ modelId: 'run-1' });
    const order: string[] = [];
    const { c, loadModel } = setup({
      deleteModel: () => {
        order.push('delete');
        return { deleted: true };
      },
      listModels: () => [],
    });
    loadModel.mockImplementation(async (id: string) => {
      order.push(`load ${id}`);
      return model(id);
    });
    await c.deleteModel('run-1');
    expect(order.slice(0, 2)).toEqual(['load default', 'delete']);
  });

  it('coalesces a burst of refreshes into one more, and follows the active model deleted elsewhere', async () => {
    useStore.setState({ modelId: 'gone', modelStatus: 'ready' });
    let lists = 0;
    const { c, loadModel } = setup({ listModels: async () => (lists++, [model('other')]) });
    const a = c.refreshLibrary();
    void c.refreshLibrary();
    void c.refreshLibrary();
    await a;
    expect(lists).toBe(2);
    expect(s().libraryModels!.map((m) => m.id)).toEqual(['other']);
    expect(loadModel).toHaveBeenCalledWith('default');
    expect(s().notices.map((n) => n.key)).toContain('library-active');
  });

  it('exports the active model from the infer worker as one zip named after it', async () => {
    useStore.setState({ modelId: 'default', modelReady: true });
    const { c, calls, download } = setup({ exportModel: () => ({ modelJson: '{}', weights: new ArrayBuffer(4), meta: { format: 'digit-lab-model-meta', name: 'Digit Lab CNN' } }) });
    await c.exportModel();
    expect(calls[0]).toMatchObject({ role: 'infer', method: 'exportModel', params: { id: 'default' } });
    expect((download.mock.calls[0] as unknown as [{ name: string; type: string }[]])[0]).toEqual([expect.objectContaining({ name: 'digit-lab-cnn.zip', type: 'application/zip' })]);
  });
});
