/**
 * Training gives way to drawing. On a software GPU one training batch is
 * about a second of work in the GPU process that also rasters and composites
 * the page, so frames wait behind it. The page says when a pointer goes down
 * on a drawing canvas and when it comes up (`userInput`); the training loop
 * asks `wait()` before issuing each batch and issues none while a stroke is
 * drawn, nor for `graceMs` after it (the next stroke, or the next digit). A
 * batch already issued still finishes. So that a run never starves while
 * someone draws digit after digit, a wait that has held for `maxHoldMs` lets
 * one batch go in a pause between strokes (never while a pointer is down).
 * That batch meets the next stroke, so the wait is long (30 s): a class that
 * draws for a while sees its run wait, not its ink stutter. On a real GPU a
 * batch is milliseconds, so the pause costs little there too; what it costs
 * here is in BENCHMARKS.md.
 *
 * A new view on the page (another tab) is held for the same grace time
 * (`pause()`): its first frames need tiles rastered in that same GPU process,
 * and behind a stream of batches they waited 1–2.6 s on llvmpipe. So is a
 * mouse or pen hovering over a drawing canvas: a stroke is coming, and the
 * batch issued now would still be running when it does.
 */
export class InputHold {
  private down = false;
  private downAt = Number.NEGATIVE_INFINITY;
  private upAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly graceMs = 2000,
    /** A "down" not confirmed by a new one within this long is stale (an "up" that never came). */
    private readonly staleMs = 15_000,
    private readonly now: () => number = () => performance.now(),
    private readonly maxHoldMs = 30_000,
  ) {}

  /** The page's news: a pointer went down (true) or came up (false) on a drawing. */
  set(drawing: boolean): void {
    const t = this.now();
    if (drawing) this.downAt = t;
    else if (this.down) this.upAt = t;
    this.down = drawing;
  }

  /** The page's news: it shows something new (another tab) or a pointer hovers over a drawing canvas; hold for the grace time from now. */
  pause(): void {
    this.upAt = this.now();
  }

  /** Whether training should hold its next batch now. */
  active(): boolean {
    const t = this.now();
    return (this.down && t - this.downAt < this.staleMs) || t - this.upAt < this.graceMs;
  }

  /** Resolves once no stroke is being drawn (at once if none is), after `maxHoldMs` in a pause between strokes, or when `stop()` says so; returns the ms held. */
  async wait(stop: () => boolean = () => false, pollMs = 25): Promise<number> {
    const t0 = this.now();
    const heldLongEnough = () => this.now() - t0 >= this.maxHoldMs && !this.down;
    while (this.active() && !stop() && !heldLongEnough()) await new Promise((r) => setTimeout(r, pollMs));
    return this.now() - t0;
  }
}
