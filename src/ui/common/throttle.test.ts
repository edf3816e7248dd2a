import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ProgressThrottle', () => {
  it('writes at most once per interval, and the latest change is never dropped', () => {
    const writes: number[] = [];
    const th = new ProgressThrottle(() => writes.push(Date.now()), 250, () => Date.now());
    th.flush();
    for (let i = 0; i < 100; i++) {
      th.request();
      vi.advanceTimersByTime(10);
    }
    // One write at 0, then one per 250 ms of requests.
    expect(writes.length).toBeGreaterThanOrEqual(4);
    expect(writes.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < writes.length; i++) expect(writes[i] - writes[i - 1]).toBeGreaterThanOrEqual(250);
    // A last change after the final write is still written, once its interval has passed.
    const before = writes.length;
    th.request();
    vi.advanceTimersByTime(300);
    expect(writes.length).toBe(before + 1);
  });

  it('flush writes at once and cancels the pending write', () => {
    const write = vi.fn();
    const th = new ProgressThrottle(write, 250, () => 0);
    th.flush();
    th.request();
    th.flush();
    expect(write).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(write).toHaveBeenCalledTimes(2);
  });
});
