import { describe, expect, it } from 'vitest';
import { InputHold } from './hold';

describe('InputHold: training gives way while a stroke is drawn', () => {
  it('holds while a pointer is down and for the grace time after it comes up', () => {
    let t = 0;
    const hold = new InputHold(600, 15_000, () => t);
    expect(hold.active()).toBe(false);
    hold.set(true);
    t = 5_000;
    expect(hold.active()).toBe(true);
    hold.set(false);
    t = 5_500;
    expect(hold.active()).toBe(true);
    t = 5_601;
    expect(hold.active()).toBe(false);
  });

  it('lets go of a "down" that was never followed by an "up"', () => {
    let t = 0;
    const hold = new InputHold(600, 15_000, () => t);
    hold.set(true);
    t = 15_001;
    expect(hold.active()).toBe(false);
  });

  it('waits until the stroke ends, and not at all when nothing is drawn or the run stops', async () => {
    let t = 0;
    const hold = new InputHold(0, 15_000, () => t);
    expect(await hold.wait()).toBe(0);
    hold.set(true);
    const waited = hold.wait(() => false, 1);
    setTimeout(() => {
      t = 300;
      hold.set(false);
    }, 5);
    expect(await waited).toBe(300);
    hold.set(true);
    expect(await hold.wait(() => true)).toBe(0);
  });

  it('lets one batch go after holding for maxHoldMs, in a pause between strokes, never while a pointer is down', async () => {
    let t = 0;
    const hold = new InputHold(2000, 15_000, () => t, 6000);
    hold.set(true);
    const waited = hold.wait(() => false, 1);
    // Digit after digit: down, up, down again within the grace time, for 9 s; the pointer is down at 6 s.
    const steps: [number, boolean][] = [[1000, false], [1500, true], [3000, false], [3500, true], [6500, false]];
    for (const [at, down] of steps) {
      await new Promise((r) => setTimeout(r, 3));
      t = at;
      hold.set(down);
    }
    expect(await waited).toBe(6500);
    expect(hold.active()).toBe(true); // still within the grace time: only the starved wait lets go
  });

  it('holds for the grace time after the page shows another tab', () => {
    let t = 1000;
    const hold = new InputHold(600, 15_000, () => t);
    expect(hold.active()).toBe(false);
    hold.pause();
    t = 1500;
    expect(hold.active()).toBe(true);
    t = 1601;
    expect(hold.active()).toBe(false);
  });
});
