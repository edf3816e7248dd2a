/**
 * Runs a race from the page: checks it fits, sends `trainRace` to the lab
 * worker, folds each side's progress into its own curve and clock, writes the
 * store a few times a second, and keeps both runs' histories (so Compare
 * runs lists them). One run or race at a time across tabs, as for training.
 */
import { WorkerError, type ParamsOf, type ResultOf } from '../../shared/protocol';
import type { RaceProgress, RaceResult, TrainConfig } from '../../shared/types';
import { configProblem, defaultConfig } from '../../shared/zoo';
import { getBridge, type RequestOptions } from '../bridge';
import { useStore, type State } from '../store';
import { emptySide, type RaceForm, type RaceSide } from '../store/race';
import type { TrainStats } from '../store/train';
import { pushClock } from '../compare/overlay';
import { claimRunLock, trainAlert, trainController } from '../train/controller';
import { parseNumber } from '../train/form';
import { runsStore, saveRun, type RunRecord } from '../train/runs';
import { MetricSeries } from '../train/series';
import type { Kv } from '../storage/kv';
import { labBudget, raceFit } from './fit';

type Method = 'trainRace' | 'raceCheckpoint' | 'stopTraining';

export interface RaceDeps {
  request<M extends Method>(method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>>;
  store(): State;
  claimRun?(): Promise<(() => void) | null>;
  runs?: Kv<RunRecord>;
  /** GPU memory the lab may use, bytes. */
  budget(): number;
  /** True while a single training run is going. */
  trainBusy(): boolean;
  flushMs?: number;
  now?: () => number;
}

/** The form as two configs, or the first problem in words. */
export function raceConfigs(form: RaceForm): { ok: true; configs: [TrainConfig, TrainConfig] } | { ok: false; error: string } {
  const batchSize = parseNumber(form.batchSize);
  const epochs = parseNumber(form.epochs);
  const configs = [0, 1].map((k) => ({ ...defaultConfig(form.arch[k]), learningRate: parseNumber(form.lr[k]), batchSize, epochs, seed: 1 })) as [TrainConfig, TrainConfig];
  for (const [k, c] of configs.entries()) {
    const p = configProblem(c);
    if (p) return { ok: false, error: `${k === 0 ? 'A' : 'B'}: ${p}` };
  }
  return { ok: true, configs };
}

export class RaceController {
  private series: [MetricSeries, MetricSeries] = [new MetricSeries(400), new MetricSeries(400)];
  private clocks: [{ x: number; t: number }[], { x: number; t: number }[]] = [[], []];
  private started: [number | null, number | null] = [null, null];
  private stats: [TrainStats | null, TrainStats | null] = [null, null];
  /** Each side's curve x before this request's batches (a resume in the same session continues the curve). */
  private offsets: [number, number] = [0, 0];
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: RaceDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  get busy(): boolean {
    return this.running;
  }

  /** Why a race cannot start now, or null. */
  blocker(): string | null {
    const s = this.deps.store();
    const parsed = raceConfigs(s.raceForm);
    if (!parsed.ok) return parsed.error;
    return raceFit(parsed.configs, this.deps.budget());
  }

  /** Starts a race from the form, or resumes the stored one. Never rejects. */
  async start(resume = false): Promise<void> {
    const s = this.deps.store();
    if (this.running) return;
    if (this.deps.trainBusy()) {
      s.pushAlert({ key: 'race', title: 'A run is training', message: 'Stop the run on the dashboard first: the lab trains one run or one race at a time.' });
      return;
    }
    let configs: [TrainConfig, TrainConfig];
    if (resume) {
      const ck = s.raceCheckpoint ?? (await this.checkCheckpoint());
      const c0 = ck?.[0]?.config ?? ck?.[1]?.config;
      if (!ck || !c0) {
        s.pushAlert({ key: 'race', title: 'Nothing to resume', message: 'The race’s checkpoints are gone; start a new race instead.' });
        return;
      }
      configs = [ck[0]?.config ?? c0, ck[1]?.config ?? c0];
      s.setRaceForm({ arch: [configs[0].arch, configs[1].arch], lr: [String(configs[0].learningRate), String(configs[1].learningRate)], batchSize: String(configs[0].batchSize), epochs: String(configs[0].epochs) });
    } else {
      const parsed = raceConfigs(s.raceForm);
      const problem = parsed.ok ? raceFit(parsed.configs, this.deps.budget()) : parsed.error;
      if (!parsed.ok || problem) {
        s.pushAlert({ key: 'race', title: 'The race cannot start', message: problem ?? '' });
        return;
      }
      configs = parsed.configs;
    }
    this.running = true;
    const release = this.deps.claimRun ? await this.deps.claimRun() : () => undefined;
    if (!release) {
      this.running = false;
      s.pushAlert({ key: 'race', title: 'Training is running in another tab', message: 'Digit Lab trains one run (or race) at a time across tabs. Stop the other one first.' });
      return;
    }
    s.dismissAlert('race');
    if (!resume) {
      this.series = [new MetricSeries(400), new MetricSeries(400)];
      this.clocks = [[], []];
    }
    this.started = [null, null];
    this.stats = [null, null];
    this.offsets = [this.series[0].lastX, this.series[1].lastX];
    s.patchRace({ raceState: 'loading', raceSides: [0, 1].map((k) => ({ ...emptySide(), config: configs[k], curve: this.series[k].points(), clock: [...this.clocks[k]] })) as [RaceSide, RaceSide] });
    try {
      const result = await this.deps.request('trainRace', { configs, resume }, { onProgress: (p) => this.onProgress(p) });
      this.flush();
      await this.finish(configs, result);
    } catch (e) {
      this.flush();
      const info = e instanceof WorkerError ? e.info : { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) };
      const { title, message } = trainAlert(info);
      this.deps.store().patchRace({ raceState: 'error' });
      this.deps.store().pushAlert({ key: 'race', title: `Race: ${title.toLowerCase()}`, message });
    } finally {
      this.running = false;
      release();
      void this.checkCheckpoint();
    }
  }

  /** Stops both sides after their current batch; each then tests and keeps what it has. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.deps.store().patchRace({ raceState: 'stopping' });
    await this.deps.request('stopTraining', {}).catch(() => undefined);
  }

  async checkCheckpoint(): Promise<void> {
    try {
      this.deps.store().patchRace({ raceCheckpoint: await this.deps.request('raceCheckpoint', {}) });
    } catch {
      // The lab is down: its restart reports that.
    }
  }

  async discard(): Promise<void> {
    await this.deps.request('raceCheckpoint', { discard: true }).catch(() => undefined);
    this.deps.store().patchRace({ raceCheckpoint: null });
  }

  private onProgress({ side, progress: p }: RaceProgress): void {
    const series = this.series[side];
    if (p.phase !== 'loading-data' && this.started[side] === null) this.started[side] = this.now();
    for (const pt of p.points) series.push(this.offsets[side] + pt.batch + 1, pt.loss, pt.acc);
    if (p.points.length && this.started[side] !== null) pushClock(this.clocks[side], series.lastX, (this.now() - this.started[side]!) / 1000);
    // Shards still loading report with batches 0: only their loading numbers are news once training runs.
    const prev = this.stats[side];
    if (p.phase === 'loading-data' && prev && prev.phase !== 'loading-data') {
      this.stats[side] = { ...prev, loaded: p.loaded, total: p.total };
      return;
    }
    this.stats[side] = { phase: p.phase, epoch: p.epoch, epochs: p.epochs, batches: p.batches, batchesPerEpoch: p.batchesPerEpoch, step: series.lastX, loaded: p.loaded, total: p.total, samplesPerSec: p.samplesPerSec || (this.stats[side]?.samplesPerSec ?? 0), etaSec: p.etaSec, lr: p.lr };
    const st = this.deps.store();
    if (st.raceState === 'loading' && p.phase === 'training') {
      st.patchRace({ raceState: 'training' });
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.deps.flushMs ?? 250);
    }
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const st = this.deps.store();
    st.patchRace({ raceSides: st.raceSides.map((old, k) => ({ ...old, stats: this.stats[k], curve: this.series[k].points(), clock: [...this.clocks[k]] })) as [RaceSide, RaceSide] });
  }

  private async finish(configs: [TrainConfig, TrainConfig], r: RaceResult): Promise<void> {
    const st = this.deps.store();
    const sides = st.raceSides.map((old, k) => {
      const s = r.sides[k];
      return { ...old, result: s.ok ? s.result : null, error: s.ok ? null : s.error.message };
    }) as [RaceSide, RaceSide];
    st.patchRace({ raceState: 'done', raceSides: sides });
    const runs = this.deps.runs;
    if (!runs) return;
    for (const [k, s] of r.sides.entries()) {
      if (!s.ok) continue;
      const res = s.result;
      await saveRun(runs, {
        id: res.model.id,
        name: `${res.model.name} (race ${k === 0 ? 'A' : 'B'})`,
        finishedAt: Date.now(),
        config: configs[k],
        stoppedEarly: res.stoppedEarly,
        epochsDone: res.epochsDone,
        samplesSeen: res.samplesSeen,
        wallTimeSec: res.wallTimeSec,
        testAccuracy: res.test?.accuracy ?? null,
        strokeAccuracy: res.strokes?.accuracy ?? null,
        curve: this.series[k].points(),
        val: [],
        bucket: this.series[k].bucketSize,
        clock: [...this.clocks[k]],
      }).catch((e: unknown) => st.pushAlert({ key: 'run-history', title: 'The race’s history could not be kept', message: e instanceof Error ? e.message : String(e) }));
    }
    st.runRecorded();
  }
}

let instance: RaceController | null = null;

/** The app's race controller. */
export function raceController(): RaceController {
  instance ??= new RaceController({
    request: (method, params, options) => getBridge().request('lab', method, params, options),
    store: useStore.getState,
    claimRun: claimRunLock,
    runs: runsStore(),
    budget: () => labBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory),
    trainBusy: () => trainController().busy,
  });
  return instance;
}
