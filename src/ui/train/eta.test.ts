import { describe, expect, it } from 'vitest';
import { EtaSmoother } from './eta';

describe('EtaSmoother', () => {
  it('takes the first figure as it is', () => {
    expect(new EtaSmoother().next(600, 0)).toBe(600);
  });

  it('counts down with the clock when the raw figure agrees', () => {
    const e = new EtaSmoother();
    e.next(600, 0);
    expect(e.next(590, 10_000)).toBeCloseTo(590, 5);
  });

  it('does not jump when throughput dips for a moment (the user draws)', () => {
    const e = new EtaSmoother();
    e.next(600, 0);
    // Raw ETA nearly doubles for one update, then recovers.
    const during = e.next(1000, 250)!;
    expect(during).toBeLessThan(640);
    expect(during).toBeGreaterThan(599);
    const after = e.next(599, 500)!;
    expect(Math.abs(after - 599)).toBeLessThan(35);
  });

  it('follows a lasting change, a little at a time', () => {
    const e = new EtaSmoother();
    e.next(300, 0);
    let shown = 300;
    for (let i = 1; i <= 40; i++) shown = e.next(300 + 100 - i * 0.25, i * 250)!;
    expect(shown).toBeGreaterThan(380);
  });

  it('keeps counting down while no raw figure comes', () => {
    const e = new EtaSmoother();
    e.next(100, 0);
    expect(e.next(null, 5000)).toBeCloseTo(95, 5);
  });
});
