import { describe, expect, it } from 'vitest';
import { WorkerError, type Method } from '../../shared/protocol';
import { LabClient, type ActiveModel, type LabBridge } from './labClient';

function fakeLab() {
  const log: string[] = [];
  let held: string | null = null;
  const bridge: LabBridge = {
    async request(_role, method, params) {
      log.push(method as Method);
      if (method === 'loadModel') {
        held = (params as { id: string }).id;
        return { id: held, version: 1 } as never;
      }
      if (!held) throw new WorkerError({ code: 'model-missing', message: 'none' });
      return { modelId: held, version: 1, echo: params } as never;
    },
  };
  return { bridge, log, drop: () => (held = null) };
}

describe('LabClient', () => {
  it('loads the active model into the lab once, then reuses it', async () => {
    const lab = fakeLab();
    const active: ActiveModel = { id: 'default', version: 1, ready: true };
    const c = new LabClient(() => lab.bridge, () => active);
    await c.call('filters', {});
    await c.call('filters', {});
    expect(lab.log).toEqual(['loadModel', 'filters', 'filters']);
  });

  it('reloads after the lab lost its model, and copies params', async () => {
    const lab = fakeLab();
    const c = new LabClient(() => lab.bridge, () => ({ id: 'default', version: 1, ready: true }));
    await c.call('filters', {});
    lab.drop();
    const image = new Float32Array(784).fill(0.5);
    const r = (await c.call('featureMaps', { image })) as unknown as { echo: { image: Float32Array } };
    expect(lab.log).toEqual(['loadModel', 'filters', 'featureMaps', 'loadModel', 'featureMaps']);
    expect(r.echo.image).not.toBe(image);
    expect(image.length).toBe(784);
  });

  it('refuses while no model is ready', async () => {
    const c = new LabClient(() => fakeLab().bridge, () => ({ id: null, version: null, ready: false }));
    await expect(c.call('filters', {})).rejects.toMatchObject({ info: { code: 'model-missing' } });
  });
});
