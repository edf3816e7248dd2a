/**
 * The infer worker brings tfjs's backend up only when a request needs it:
 * init answers from a bare WebGL probe, and the engine's answers after a quick
 * load never wait behind the backend (WebGL context and shaders, hundreds of
 * ms on a software GPU). The first request that needs tfjs brings it up, once,
 * and the page hears which backend it got.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '../tf';
import type { WorkerEvent } from '../../shared/protocol';
import type { ModelInfo } from '../../shared/types';
import { buildModel } from './zoo';

const initBackend = vi.fn(async () => ({ backend: 'webgl' as const }));
vi.mock('../backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../backend')>()),
  initBackend,
  probeWebGL: () => ({ backend: 'webgl' }),
}));
const reportStorage = vi.fn();
vi.mock('../faults', async (importOriginal) => ({ ...(await importOriginal<typeof import('../faults')>()), afterInit: vi.fn(), reportStorage }));
const files = new Map<string, tf.io.ModelArtifacts>();
const info = (id: string): ModelInfo => ({ id, name: id, arch: 'cnn', params: 0, testAccuracy: null, ownAccuracy: null, createdAt: 0, updatedAt: 0, sizeBytes: 0, version: 1, builtin: false });
vi.mock('../storage/artifacts', () => ({
  openFiles: async (_base: string, id: string) => (files.has(id) ? { artifacts: files.get(id), info: info(id), meta: null } : null),
}));

const { beforeRequest, modelHandlers } = await import('./handlers');
const { state } = await import('../state');

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = buildModel('cnn', 4);
  await model.save(tf.io.withSaveHandler(async (a) => (files.set('default', a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  model.dispose();
});

describe('the infer worker’s tfjs backend, on first need', () => {
  it('init answers from a WebGL probe, and the model loads and answers with no backend brought up, however long it waits', async () => {
    vi.useFakeTimers();
    try {
      await expect(modelHandlers.init({ role: 'infer', baseUrl: 'http://localhost/app' })).resolves.toEqual({ backend: 'webgl' });
      expect(reportStorage).toHaveBeenCalledOnce();
      await modelHandlers.loadModel({ id: 'default' });
      expect(state.twin?.engine).toBe('js');
      for (let i = 0; i < 5; i++) expect((await modelHandlers.predict({ image: new Float32Array(784).fill(i / 5) })).on).toBe('cpu');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(initBackend).not.toHaveBeenCalled();
      // What the engine answers needs no backend.
      for (const m of ['init', 'loadModel', 'predict', 'debugFault'] as const) expect(beforeRequest(m)).toBeNull();
      expect(initBackend).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('the first request that needs tfjs brings the backend up, once, and the page is told which it is', async () => {
    const events: WorkerEvent[] = [];
    state.emit = (e) => void events.push(e);
    await beforeRequest('exportModel');
    expect(initBackend).toHaveBeenCalledOnce();
    expect(initBackend).toHaveBeenCalledWith(undefined);
    expect(state.backend).toBe('webgl');
    expect(events).toEqual([{ type: 'backend', backend: 'webgl', notice: undefined }]);
    await beforeRequest('inspectLayers');
    expect(initBackend).toHaveBeenCalledOnce();
    // The engine still answers drawings.
    expect((await modelHandlers.predict({ image: new Float32Array(784) })).on).toBe('cpu');
  });

  it('the lab brings its backend up at init, so nothing waits per request', () => {
    state.role = 'lab';
    expect(beforeRequest('train')).toBeNull();
    state.role = 'infer';
  });
});
