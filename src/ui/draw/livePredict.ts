/**
 * Turns the drawing into predictions while it is being drawn: throttled to
 * one every `intervalMs` during a stroke, plus one at once when a stroke ends.
 * The path is strokes → rasterise (280×280) → preprocess (28×28) → preview +
 * predict; each answer is matched to the drawing version it was made for.
 */
import type { PredictResult } from '../../shared/protocol';
import { strokesToInput } from '../../shared/preprocess';
import type { State } from '../store';

export type PredictorStore = Pick<
  State,
  'strokes' | 'viewSize' | 'drawVersion' | 'modelStatus' | 'setPreview' | 'setPrediction' | 'predictionUnavailable' | 'pushAlert'
>;

export interface LivePredictorOptions {
  /** Usually `bridge.predictLatest`: resolves null when superseded. */
  predict(image: Float32Array): Promise<PredictResult | null>;
  store(): PredictorStore;
  /**
   * Minimum time between live predictions during a stroke. Default 80 ms; it
   * grows to twice the last prediction's round trip when that is slower, so
   * live answers never keep the prediction engine busy more than half the time
   * (on a slow CPU they would otherwise take a core away from the pen).
   */
  intervalMs?: number;
  now?: () => number;
}

export class LivePredictor {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRun = -Infinity;
  /** Round trip of the last answered prediction, ms. */
  private lastTrip = 0;
  private readonly interval: number;
  private readonly now: () => number;

  constructor(private readonly opts: LivePredictorOptions) {
    this.interval = opts.intervalMs ?? 80;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The drawing changed mid-stroke: predict now, or once the interval has passed. */
  changed(): void {
    if (this.timer !== null) return;
    const wait = this.lastRun + Math.max(this.interval, 2 * this.lastTrip) - this.now();
    if (wait <= 0) this.run();
    else this.timer = setTimeout(() => this.run(), wait);
  }

  /** Predict the drawing as it is now, without waiting (stroke ended, undo, model changed). */
  flush(): void {
    this.run();
  }

  /** Drops a scheduled prediction (e.g. on clear). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.cancel();
    this.lastRun = this.now();
    const s = this.opts.store();
    const version = s.drawVersion;
    const image = strokesToInput(s.strokes, s.viewSize);
    s.setPreview(version, image);
    if (!image) {
      s.predictionUnavailable(version);
      return;
    }
    const t0 = this.lastRun;
    this.opts.predict(image).then(
      (result) => {
        if (result) {
          this.lastTrip = this.now() - t0;
          this.opts.store().setPrediction(version, result);
        }
      },
      (e: unknown) => {
        const store = this.opts.store();
        store.predictionUnavailable(version);
        // A model that failed to load already has its alert; anything else is news.
        if (store.modelStatus !== 'error') {
          const message = e instanceof Error ? e.message : String(e);
          store.pushAlert({ key: 'predict', title: 'The drawing could not be read', message });
        }
      },
    );
  }
}
