/**
 * Folds a run's progress messages into what the Train tab shows: downsampled
 * batch curves, validation points on the batch axis, seconds of training per
 * batch (for comparing runs by time), and the latest numbers with a smoothed ETA.
 */
import type { CheckpointInfo, TrainProgress } from '../../shared/types';
import type { RunProgress, TrainStats } from '../store/train';
import { pushClock } from '../compare/overlay';
import { EtaSmoother } from './eta';
import { MetricSeries, type ValPoint } from './series';
import type { RunRecord } from './runs';

export class ProgressFold {
  private readonly series: MetricSeries;
  private val: ValPoint[] = [];
  /** Seconds of training at batches of the curve (data loading excluded). */
  private clock: { x: number; t: number }[] = [];
  private clockStart = 0;
  private clockBase = 0;
  private valDirty = false;
  private drawnRevision = -1;
  private lastCurve = -Infinity;
  private stats: TrainStats | null = null;
  /** Global batch number this run starts from; null until batches-per-epoch is known. */
  private offset: number | null = 0;
  private resumeFrom: CheckpointInfo | null = null;
  /** Past loading the data (shards may still be arriving). */
  trainingStarted = false;
  /** Smooths the worker's ETA, which jumps when the page is busy (drawing): it counts down and corrects slowly. */
  private readonly eta = new EtaSmoother();

  constructor(
    private readonly now: () => number,
    private readonly curveMs: number,
    maxPoints: number,
  ) {
    this.series = new MetricSeries(maxPoints);
  }

  /** A run starts: a new one (`from` null) or the resumption of checkpoint `from`. */
  begin(from: CheckpointInfo | null): void {
    if (from) {
      // A run stopped in this session continues its curve; after a reload the batch curve starts afresh.
      const bpe = this.stats?.batchesPerEpoch;
      if (!(bpe && this.series.lastX === from.epochsDone * bpe + from.batchesDone)) this.series.reset();
      // Placed on the batch axis once batches-per-epoch is known (first training progress).
      this.offset = null;
    } else {
      this.series.reset();
      this.offset = 0;
    }
    this.resumeFrom = from;
    this.val = [];
    this.valDirty = true;
    if (this.series.length === 0) this.clock = [];
    this.clockBase = this.clock.at(-1)?.t ?? 0;
    this.stats = null;
    this.trainingStarted = false;
  }

  /** Takes one progress message; returns true when the phase changed (worth showing at once). */
  add(p: TrainProgress): boolean {
    const bpe = p.batchesPerEpoch;
    if (bpe > 0 && this.offset === null) {
      const from = this.resumeFrom;
      this.offset = from ? from.epochsDone * bpe + from.batchesDone : 0;
      this.val = (from?.history.val ?? []).map((v) => ({ ...v, x: v.epoch * bpe }));
      this.valDirty = true;
    }
    const offset = this.offset ?? 0;
    if (p.phase !== 'loading-data' && !this.trainingStarted) this.clockStart = this.now();
    for (const pt of p.points) this.series.push(offset + pt.batch + 1, pt.loss, pt.acc);
    if (p.points.length > 0) pushClock(this.clock, this.series.lastX, this.clockBase + (this.now() - this.clockStart) / 1000);
    if (p.val) {
      this.val = [...this.val, { x: p.val.epoch * bpe, epoch: p.val.epoch, loss: p.val.loss, acc: p.val.acc }];
      this.valDirty = true;
    }
    const loading = p.phase === 'loading-data';
    const prevPhase = this.stats?.phase;
    if (loading && this.trainingStarted && this.stats) {
      // Shards keep arriving while the first ones are trained on: only the loading numbers change.
      this.stats = { ...this.stats, loaded: p.loaded, total: p.total };
    } else {
      this.stats = {
        phase: p.phase,
        epoch: p.epoch,
        epochs: p.epochs,
        batches: p.batches,
        batchesPerEpoch: bpe,
        step: offset + p.batches,
        loaded: p.loaded ?? this.stats?.loaded,
        total: p.total ?? this.stats?.total,
        samplesPerSec: p.samplesPerSec || (this.stats?.samplesPerSec ?? 0),
        etaSec: this.eta.next(p.etaSec, this.now()),
        lr: p.lr,
        tested: p.tested,
        testTotal: p.testTotal,
        testSet: p.testSet,
      };
    }
    if (!loading) this.trainingStarted = true;
    return this.stats.phase !== prevPhase;
  }

  /**
   * The store patch for what changed; new curve points at most every `curveMs`
   * unless `all`. `heldBack`: curve points are waiting for a later write.
   */
  patch(all: boolean): { patch: RunProgress; heldBack: boolean } {
    const now = this.now();
    const patch: RunProgress = { trainStats: this.stats };
    let heldBack = false;
    if (this.series.revision !== this.drawnRevision) {
      if (all || now - this.lastCurve >= this.curveMs) {
        this.drawnRevision = this.series.revision;
        this.lastCurve = now;
        patch.trainCurve = this.series.points();
        patch.trainBucket = this.series.bucketSize;
        patch.trainClock = [...this.clock];
      } else {
        heldBack = true;
      }
    }
    if (this.valDirty) {
      this.valDirty = false;
      patch.trainVal = this.val;
    }
    return { patch, heldBack };
  }

  /** The run's curves, for keeping its history. */
  history(): Pick<RunRecord, 'curve' | 'val' | 'bucket' | 'clock'> {
    return { curve: this.series.points(), val: [...this.val], bucket: this.series.bucketSize, clock: [...this.clock] };
  }
}
