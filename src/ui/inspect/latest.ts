/**
 * Live work without a queue: `Latest` keeps at most one request in flight
 * and only the newest input waiting, so a slow worker never falls behind the
 * pen. `StrokeClock` measures how long the screen lags the drawing.
 */

export class Latest<I, R> {
  private busy = false;
  private waiting: { input: I } | null = null;
  private disposed = false;

  constructor(
    private readonly run: (input: I) => Promise<R>,
    private readonly onResult: (result: R, input: I) => void,
    private readonly onError: (error: unknown, input: I) => void = () => undefined,
  ) {}

  /** Runs `input` now, or once the request in flight is done (replacing any older waiting input). */
  push(input: I): void {
    if (this.disposed) return;
    this.waiting = { input };
    if (!this.busy) this.next();
  }

  /** Whether a request is in flight. */
  get pending(): boolean {
    return this.busy;
  }

  /** Drops waiting work and ignores answers still to come. */
  dispose(): void {
    this.disposed = true;
    this.waiting = null;
  }

  private next(): void {
    const job = this.waiting;
    if (!job || this.disposed) return;
    this.waiting = null;
    this.busy = true;
    this.run(job.input).then(
      (r) => {
        this.busy = false;
        if (!this.disposed) this.onResult(r, job.input);
        this.next();
      },
      (e: unknown) => {
        this.busy = false;
        if (!this.disposed) this.onError(e, job.input);
        this.next();
      },
    );
  }
}

/** Times from a drawing change to the screen showing it (or a later version). */
export class StrokeClock {
  private marks: { version: number; at: number }[] = [];
  private served = -Infinity;
  private readonly samples: number[] = [];

  constructor(private readonly keep = 200) {}

  /** The drawing became `version` at time `at`. */
  mark(version: number, at: number): void {
    if (version > this.served) this.marks.push({ version, at });
  }

  /** The screen now shows `version`: returns how long the oldest change it covers waited, or null if none was waiting. `record: false` leaves it out of the statistics (e.g. a wait that included loading the model). */
  shown(version: number, at: number, record = true): number | null {
    const covered = this.marks.filter((m) => m.version <= version);
    this.marks = this.marks.filter((m) => m.version > version);
    this.served = Math.max(this.served, version);
    if (covered.length === 0) return null;
    const lag = at - Math.min(...covered.map((m) => m.at));
    if (!record) return lag;
    this.samples.push(lag);
    if (this.samples.length > this.keep) this.samples.shift();
    return lag;
  }

  /** The p-th percentile (0..100) of recent lags, or null without samples. */
  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const s = [...this.samples].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  }

  get count(): number {
    return this.samples.length;
  }
}
