import { describe, expect, it } from 'vitest';
import { transferables, WorkerError, type Request, type Response } from './protocol';

describe('transferables', () => {
  it('moves a predict request across structuredClone and back intact', () => {
    const image = new Float32Array(784).map((_, i) => (i % 7) / 7);
    const expected = Array.from(image);
    const req: Request<'predict'> = { requestId: 7, method: 'predict', params: { image } };
    const transfer = transferables(req);
    expect(transfer).toEqual([image.buffer]);

    const arrived = structuredClone(req, { transfer }) as Request<'predict'>;
    // Transferred, not copied: the sender's buffer is detached.
    expect(image.byteLength).toBe(0);
    expect(arrived.requestId).toBe(7);
    expect(arrived.method).toBe('predict');
    expect(arrived.params.image).toBeInstanceOf(Float32Array);
    expect(Array.from(arrived.params.image)).toEqual(expected);

    // And the answer comes back the same way.
    const probs = new Float32Array([0.1, 0.9]);
    const res: Response = { kind: 'result', requestId: 7, data: { probs, modelId: 'default', version: 1, ms: 3 } };
    const back = structuredClone(res, { transfer: transferables(res) }) as Extract<Response, { kind: 'result' }>;
    expect(Array.from((back.data as { probs: Float32Array }).probs)).toEqual([Float32Array.of(0.1)[0], Float32Array.of(0.9)[0]]);
    expect(probs.byteLength).toBe(0);
  });

  it('finds nested buffers once each and copies views into larger buffers', () => {
    const buf = new ArrayBuffer(16);
    const whole = new Uint8Array(buf);
    const part = new Float32Array(new ArrayBuffer(64), 8, 4);
    const value = { a: whole, b: [buf, { c: whole }], d: part, e: 'x', f: null };
    const out = transferables(value);
    expect(out).toEqual([buf]);
  });

  it('handles cycles', () => {
    const a: Record<string, unknown> = { data: new Float32Array(2) };
    a.self = a;
    expect(transferables(a)).toHaveLength(1);
  });
});

describe('WorkerError', () => {
  it('carries the worker error info', () => {
    const e = new WorkerError({ message: 'no file', code: 'model-missing', file: 'models/default/model.json' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WorkerError');
    expect(e.message).toBe('no file');
    expect(e.info.file).toBe('models/default/model.json');
  });
});
