import { describe, expect, it } from 'vitest';
import { Latest, StrokeClock } from './latest';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Latest', () => {
  it('keeps one request in flight and only the newest input waiting', async () => {
    const calls: number[] = [];
    const gates: ReturnType<typeof deferred<number>>[] = [];
    const results: number[] = [];
    const l = new Latest<number, number>(
      (i) => {
        calls.push(i);
        const d = deferred<number>();
        gates.push(d);
        return d.promise;
      },
      (r) => results.push(r),
    );
    l.push(1);
    l.push(2);
    l.push(3);
    expect(calls).toEqual([1]);
    gates[0].resolve(10);
    await tick();
    expect(results).toEqual([10]);
    expect(calls).toEqual([1, 3]);
    gates[1].reject(new Error('x'));
    await tick();
    l.push(4);
    expect(calls).toEqual([1, 3, 4]);
    l.dispose();
    gates[2].resolve(40);
    await tick();
    expect(results).toEqual([10]);
  });
});

describe('StrokeClock', () => {
  it('measures from the oldest change a screen update covers', () => {
    const c = new StrokeClock();
    c.mark(1, 100);
    c.mark(2, 130);
    expect(c.shown(1, 150)).toBe(50);
    c.mark(3, 160);
    // Version 3 shown: versions 2 and 3 waited; 2 waited longest.
    expect(c.shown(3, 200)).toBe(70);
    expect(c.shown(3, 210)).toBeNull();
    // A late answer for an old version changes nothing.
    c.mark(2, 220);
    expect(c.shown(2, 230)).toBeNull();
    expect(c.percentile(95)).toBe(70);
    expect(c.percentile(50)).toBe(50);
    expect(c.count).toBe(2);
  });
});
