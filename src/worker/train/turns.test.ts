import { describe, expect, it } from 'vitest';
import { Turns, type Side } from './turns';

/** Two fake loops: each takes `n[side]` turns (each an async "batch"), stopping early when `stop()` says so. */
async function race(n: [number, number], stop: () => boolean = () => false) {
  const turns = new Turns();
  const log: Side[] = [];
  const loop = async (side: Side) => {
    try {
      for (let i = 0; i < n[side]; i++) {
        await turns.ready(side);
        if (stop()) break;
        log.push(side);
        // A batch takes a few ticks, different per side.
        for (let k = 0; k < (side ? 3 : 1); k++) await Promise.resolve();
        turns.finished(side);
      }
    } finally {
      turns.leave(side);
    }
  };
  await Promise.all([loop(0), loop(1)]);
  return { log, turns };
}

describe('race turns', () => {
  it('alternates strictly, A first, whatever each batch costs', async () => {
    const { log, turns } = await race([5, 5]);
    expect(log).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(turns.batches(0)).toBe(5);
    expect(turns.batches(1)).toBe(5);
  });

  it('lets the other side run on alone once one leaves', async () => {
    expect((await race([2, 5])).log).toEqual([0, 1, 0, 1, 1, 1, 1]);
    expect((await race([5, 1])).log).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it('stops both sides on stop, neither more than one batch ahead', async () => {
    let calls = 0;
    const { log, turns } = await race([100, 100], () => ++calls > 7);
    expect(log).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(Math.abs(turns.batches(0) - turns.batches(1))).toBeLessThanOrEqual(1);
  });

  it('never lets B start before A has done a batch', () => {
    const t = new Turns();
    expect(t.mayGo(0)).toBe(true);
    expect(t.mayGo(1)).toBe(false);
    t.finished(0);
    expect(t.mayGo(0)).toBe(false);
    expect(t.mayGo(1)).toBe(true);
    t.leave(1);
    expect(t.mayGo(0)).toBe(true);
  });
});
