/**
 * Keeps the training loop from queueing more than a fraction of a second of
 * GPU work ahead of the page.
 *
 * tfjs issues a step's draws without waiting for them, and the loop reads its
 * metrics back only every ten batches. On a real GPU ten batches are a few
 * tens of milliseconds. On a software GPU (llvmpipe) one batch of the default
 * CNN is ~2 s, so ten batches queued at once held Chromium's GPU process, which
 * also composites the page, for ~19 s: the screen froze while the run trained
 * (measured in session 3 with batch norm's closed-form gradient, which issues
 * a step quickly enough to fill the queue).
 *
 * The pacer measures how long a batch takes from sync to sync and, once the
 * work issued since the last sync is worth `budgetMs`, asks the loop to wait
 * for the GPU with a fence: no read-back, and the metrics cadence is unchanged.
 * On a real GPU that is a wait every ~10 batches (the same as the read-backs);
 * on llvmpipe, a wait after every batch.
 */
import * as tf from '../tf';

export class GpuPacer {
  private inFlight = 0;
  /** Measured ms per batch; unknown at first, so the first batch is waited for. */
  private batchMs = Number.POSITIVE_INFINITY;
  /** Time of the last sync; null until the first (the first interval includes loading data and compiling shaders, so it is not a measurement). */
  private lastSync: number | null = null;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number,
  ) {}

  /** Call after issuing a batch: true when the loop should wait for the GPU now. */
  issued(): boolean {
    this.inFlight++;
    return this.inFlight * this.batchMs >= this.budgetMs;
  }

  /** Call when the GPU has caught up (a fence passed or metrics were read back). */
  synced(): void {
    const t = this.now();
    if (this.lastSync !== null && this.inFlight > 0) {
      const per = (t - this.lastSync) / this.inFlight;
      this.batchMs = Number.isFinite(this.batchMs) ? 0.7 * this.batchMs + 0.3 * per : per;
    }
    this.inFlight = 0;
    this.lastSync = t;
  }

  /** Waits for the GPU to finish what is queued (a fence by default), then counts that as a sync. */
  async catchUp(fence: () => Promise<void> = gpuCaughtUp): Promise<void> {
    await fence();
    this.synced();
  }

  /** The measured time per batch, ms (Infinity until the first sync). */
  get msPerBatch(): number {
    return this.batchMs;
  }
}

/**
 * Resolves when the backend has finished the work issued so far: a WebGL fence, no read-back.
 * Other backends compute synchronously. Never rejects: a fence that cannot be made (a lost
 * context) only means no wait, and the loop's next read-back reports the real problem.
 */
export async function gpuCaughtUp(): Promise<void> {
  const b = tf.backend() as unknown as { gpgpu?: { createAndWaitForFence(): Promise<void> } };
  if (!b.gpgpu || typeof b.gpgpu.createAndWaitForFence !== 'function') return;
  try {
    await b.gpgpu.createAndWaitForFence();
  } catch {
    // see above
  }
}
