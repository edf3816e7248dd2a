/**
 * One progress throttle for every long run the page shows (training,
 * fine-tuning): progress arriving many times a second is written to the
 * store at most once per `ms`, always including the latest, and state
 * changes are written at once with `flush`.
 */
export class ProgressThrottle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;

  constructor(
    private readonly write: () => void,
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Something changed: it is written once `ms` has passed since the last write (never dropped). */
  request(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.ms - (this.now() - this.last));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** Writes now (a phase change, the end of a run) and cancels the pending write. */
  flush(): void {
    this.cancel();
    this.last = this.now();
    this.write();
  }

  /** Drops a pending write. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
