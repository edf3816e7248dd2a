/**
 * A time-left figure that does not jump. The worker's raw ETA follows the
 * latest throughput, which dips while the user draws on the page; shown raw
 * it leaps from 6 to 11 minutes and back. Smoothed, it counts down with the
 * clock and moves a fraction of the way towards each new raw figure.
 */
export class EtaSmoother {
  private value: number | null = null;
  private at = 0;

  /** @param gain Share of the gap to the raw figure closed per update (about 4 updates a second). */
  constructor(private readonly gain = 0.08) {}

  /** Folds in a raw ETA (seconds, or null while unknown) at time `nowMs`; returns the figure to show. */
  next(raw: number | null, nowMs: number): number | null {
    if (raw === null || !Number.isFinite(raw)) return this.value === null ? null : this.predict(nowMs);
    if (this.value === null) {
      this.value = raw;
      this.at = nowMs;
      return raw;
    }
    const predicted = this.predict(nowMs);
    // A big change (a new epoch count, a resumed run) is taken at once rather than crept towards.
    const v = Math.abs(raw - predicted) > Math.max(120, predicted) ? raw : predicted + this.gain * (raw - predicted);
    this.value = Math.max(0, v);
    this.at = nowMs;
    return this.value;
  }

  private predict(nowMs: number): number {
    return Math.max(0, this.value! - (nowMs - this.at) / 1000);
  }
}
