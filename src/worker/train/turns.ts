/**
 * Whose batch is next in a race: two training loops share one worker and
 * take strict turns (A's batch 1, B's batch 1, A's batch 2 …), so at any
 * moment neither is more than one batch ahead and both have seen the same
 * number of images. A side that finishes, stops or fails leaves, and the
 * other then runs on alone. No tfjs: the loops call it between batches.
 */
export type Side = 0 | 1;

export class Turns {
  private readonly done: [number, number] = [0, 0];
  private readonly gone: [boolean, boolean] = [false, false];
  private waiters: (() => void)[] = [];

  /** Batches `side` has finished. */
  batches(side: Side): number {
    return this.done[side];
  }

  /** True when `side` may start its next batch now: A leads, B follows one behind. */
  mayGo(side: Side): boolean {
    const other = (1 - side) as Side;
    if (this.gone[other]) return true;
    return side === 0 ? this.done[0] <= this.done[1] : this.done[1] < this.done[0];
  }

  /** Resolves when `side` may start its next batch. */
  async ready(side: Side): Promise<void> {
    while (!this.mayGo(side)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** `side` finished a batch: the turn passes to the other. */
  finished(side: Side): void {
    this.done[side]++;
    this.wake();
  }

  /** `side` will take no more turns (finished, stopped or failed). */
  leave(side: Side): void {
    this.gone[side] = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
