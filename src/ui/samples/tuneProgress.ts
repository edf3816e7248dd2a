/** Fine-tuning's progress on the page: the loss curve (with its moving average) and throttled store writes. */
import type { FineTuneProgress, TrainingSample } from '../../shared/teach-types';
import type { Sample } from '../../shared/samples';
import { ProgressThrottle } from '../common/throttle';
import type { TunePoint } from '../store/samples';

export const toTraining = (s: Sample): TrainingSample => ({ label: s.label, strokes: s.strokes, image: s.image.slice() });

export const top1 = (probs: Float32Array) => {
  let d = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[d]) d = i;
  return { digit: d, p: probs[d] };
};

export const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Folds a run's progress into its curve; writes the latest at most every `flushMs` (phase changes at once). */
export class TuneProgressFold {
  private readonly curve: TunePoint[] = [];
  private ema: number | null = null;
  private latest: FineTuneProgress | null = null;
  private readonly throttle: ProgressThrottle;

  constructor(write: (p: FineTuneProgress, curve: TunePoint[]) => void, flushMs: number, now?: () => number) {
    this.throttle = new ProgressThrottle(
      () => {
        if (this.latest) write(this.latest, this.curve.slice());
      },
      flushMs,
      now,
    );
  }

  push(p: FineTuneProgress): void {
    for (const pt of p.points) {
      this.ema = this.ema === null ? pt.loss : 0.85 * this.ema + 0.15 * pt.loss;
      this.curve.push({ step: pt.step + 1, loss: pt.loss, lossEma: this.ema });
    }
    this.latest = p;
    if (p.phase !== 'training') this.flush();
    else this.throttle.request();
  }

  flush(): void {
    this.throttle.flush();
  }
}
