/**
 * Teach, outside React: saving labelled drawings, the samples list
 * (IndexedDB through the kv wrapper), export/import, "learn this one now",
 * full fine-tuning runs with throttled progress, and the side-by-side
 * comparison. Components call these; they write the store.
 */
import { WorkerError, type ParamsOf, type ResultOf } from '../../shared/protocol';
import { aDigit } from '../../shared/answer';
import { strokesToInput } from '../../shared/preprocess';
import { heldOutSplit, isDigitLabel, newSampleId, normalizeStrokes, parseSamplesFile, samplesToFile, type Sample } from '../../shared/samples';
import { baseIdOf, isTunedId, tunedIdFor, type FineTuneConfig, type FineTuneResult, type CompareEntry } from '../../shared/teach-types';
import type { ModelInfo } from '../../shared/types';
import { getBridge, type RequestOptions } from '../bridge';
import { LivePredictor } from '../draw/livePredict';
import { errText, toTraining, top1, TuneProgressFold } from './tuneProgress';
import { Latest } from '../inspect/latest';
import { kv, type Kv } from '../storage/kv';
import { useStore, type State } from '../store';
import { autoSteps, tuneBlocker } from './rules';
import { DEFAULT_TUNE_SETTINGS, type TuneSettings } from '../store/samples';

type LabMethod = 'fineTune' | 'learnNow' | 'comparePredict' | 'augmentSample' | 'stopTraining' | 'listModels';

export interface TeachDeps {
  request<M extends LabMethod>(method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>>;
  loadModel(id: string): Promise<ModelInfo>;
  store(): State;
  samplesKv: Kv<Sample>;
  teachKv: Kv<unknown>;
  /** Reads the drawing now on the canvas (after one is put back). */
  predictNow?: () => void;
  now?: () => number;
  /** Least time between two store writes of fine-tuning progress, ms. */
  flushMs?: number;
}

export { VARIANTS_PER_SAMPLE } from '../../shared/teach-defaults';
export { autoSteps, tuneBlocker } from './rules';

export class TeachController {
  private loading: Promise<void> | null = null;
  /** Side-by-side predictions, newest drawing only (the closures read `deps` when they run). */
  private readonly comparer = new Latest<{ image: Float32Array; version: number; ids: string[] }, CompareEntry[]>(
    async ({ image, ids }) => (await this.deps.request('comparePredict', { image, ids })).results,
    (entries, job) => this.showComparison(job.version, entries),
    // The main prediction is unaffected, but the side-by-side says why it has nothing to show.
    (e, job) => this.showComparison(job.version, job.ids.map((id) => ({ id, error: errText(e) }))),
  );

  constructor(private readonly deps: TeachDeps) {}

  private get s(): State {
    return this.deps.store();
  }

  /** Loads the samples and settings once (later calls share the first load). Never rejects. */
  ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      this.s.patchSamples({ samplesStatus: 'loading' });
      const settings = await this.deps.teachKv.get('settings', DEFAULT_TUNE_SETTINGS);
      this.s.setTuneSettings({ ...DEFAULT_TUNE_SETTINGS, ...(settings as Partial<TuneSettings>) });
      const last = await this.deps.teachKv.get('lastResult', null);
      if (last && !this.s.tuneResult) this.s.tuneFinished(last as FineTuneResult);
      try {
        const all = await this.deps.samplesKv.all();
        const valid = all.filter((x) => x && isDigitLabel(x.label) && x.image instanceof Float32Array);
        valid.sort((a, b) => a.createdAt - b.createdAt);
        this.s.patchSamples({ samples: valid, samplesStatus: 'ready', samplesError: null });
      } catch (e) {
        this.s.patchSamples({ samplesStatus: 'error', samplesError: errText(e) });
        this.s.pushAlert({ key: 'samples-load', title: 'Your samples could not be read', message: errText(e) });
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * Saves the drawing on the canvas as a sample labelled `label`, then clears
   * the canvas. Refuses an empty canvas or a label that is not 0–9; when
   * storage fails the drawing stays on screen and an alert says why.
   */
  async saveDrawing(label: number): Promise<Sample | null> {
    const s = this.s;
    const image = s.strokes.length > 0 ? strokesToInput(s.strokes, s.viewSize) : null;
    if (!image) {
      this.noteEmpty();
      return null;
    }
    if (!isDigitLabel(label)) {
      s.patchSamples({ labelNote: { kind: 'label', tone: 'error', text: 'A sample’s label must be a digit from 0 to 9.' } });
      return null;
    }
    await this.ensureLoaded();
    const predicted = s.digit !== null && !s.pending ? s.digit : null;
    const sample: Sample = { id: newSampleId(), label, strokes: normalizeStrokes(s.strokes, s.viewSize), image, createdAt: this.deps.now?.() ?? Date.now() };
    try {
      await this.deps.samplesKv.set(sample.id, sample);
    } catch (e) {
      this.s.pushAlert({ key: 'samples-save', title: 'Your sample was not saved', message: `${errText(e)} Your drawing is still on the canvas.`, code: 'storage' });
      this.s.patchSamples({ labelNote: { kind: 'storage', tone: 'error', text: 'Not saved: browser storage refused it (see the message above).' } });
      return null;
    }
    const after = this.s;
    after.dismissAlert('samples-save');
    after.patchSamples({
      samples: [...after.samples, sample],
      labelNote: { kind: 'saved', tone: 'ok', text: `Saved as ${aDigit(label)}.`, sampleId: sample.id, label, predicted: predicted !== null && predicted !== label ? predicted : null },
    });
    // The drawing that was saved leaves the canvas, ready for the next one (unless the user already drew on).
    if (after.strokes === s.strokes) after.clear();
    return sample;
  }

  /** Says why nothing was saved from an empty canvas. */
  noteEmpty(): void {
    this.s.patchSamples({ labelNote: { kind: 'empty', tone: 'error', text: 'Nothing to save: the canvas is empty. Draw a digit first.' } });
  }

  /** Takes a just-saved sample back: removes it and puts its drawing back on the canvas (if the canvas is empty). */
  async undoSave(id: string): Promise<void> {
    const sample = this.s.samples.find((x) => x.id === id);
    if (!sample || !(await this.deleteSamples([id]))) return;
    const s = this.s;
    s.patchSamples({ labelNote: null, quick: s.quick?.sampleId === id ? null : s.quick });
    if (s.strokes.length > 0 || !(s.viewSize > 0)) return;
    s.restoreStrokes(sample.strokes);
    this.deps.predictNow?.();
  }

  /** Deletes samples by id (all or none). */
  async deleteSamples(ids: string[]): Promise<boolean> {
    if (ids.length === 0) return true;
    try {
      await this.deps.samplesKv.delMany(ids);
    } catch (e) {
      this.s.pushAlert({ key: 'samples-delete', title: 'The samples could not be deleted', message: errText(e), code: 'storage' });
      return false;
    }
    const gone = new Set(ids);
    const s = this.s;
    s.patchSamples({ samples: s.samples.filter((x) => !gone.has(x.id)), labelNote: s.labelNote?.sampleId && gone.has(s.labelNote.sampleId) ? null : s.labelNote });
    return true;
  }

  /** The export file for all samples, as JSON text, and a file name for it. */
  exportFile(): { name: string; text: string } {
    const file = samplesToFile(this.s.samples);
    const day = new Date().toISOString().slice(0, 10);
    return { name: `digit-lab-samples-${day}.json`, text: JSON.stringify(file) };
  }

  /** Imports an export file. A bad file changes nothing and an alert names the bad entry. Returns how many were added. */
  async importText(text: string): Promise<number | null> {
    await this.ensureLoaded();
    const parsed = parseSamplesFile(text);
    if (!parsed.ok) {
      this.s.pushAlert({ key: 'samples-import', title: 'Nothing was imported', message: parsed.error });
      return null;
    }
    const have = new Set(this.s.samples.map((x) => x.id));
    const fresh = parsed.samples.filter((x) => !have.has(x.id));
    try {
      if (fresh.length) await this.deps.samplesKv.setMany(fresh.map((x) => [x.id, x]));
    } catch (e) {
      this.s.pushAlert({ key: 'samples-import', title: 'Nothing was imported', message: errText(e), code: 'storage' });
      return null;
    }
    const s = this.s;
    s.dismissAlert('samples-import');
    s.patchSamples({ samples: [...s.samples, ...fresh].sort((a, b) => a.createdAt - b.createdAt) });
    const dup = parsed.samples.length - fresh.length;
    s.addNotice(`Imported ${fresh.length} sample${fresh.length === 1 ? '' : 's'}${dup ? ` (${dup} ${dup === 1 ? 'was' : 'were'} already here)` : ''}.`, { key: 'samples-import' });
    return fresh.length;
  }

  /** One quick fine-tuning step on a saved sample; the result becomes the model that reads drawings. */
  async learnNow(sampleId: string): Promise<void> {
    const sample = this.s.samples.find((x) => x.id === sampleId);
    const modelId = this.s.modelId;
    if (!sample || !modelId || this.s.quick?.state === 'running') return;
    this.s.patchSamples({ quick: { state: 'running', sampleId, label: sample.label } });
    try {
      const r = await this.deps.request('learnNow', { modelId, sample: toTraining(sample) });
      await this.deps.loadModel(r.model.id);
      this.s.patchSamples({ quick: { state: 'done', sampleId, label: sample.label, before: top1(r.before), after: top1(r.after), ms: r.totalMs } });
      void this.refreshTuned();
    } catch (e) {
      this.s.patchSamples({ quick: { state: 'error', sampleId, label: sample.label, error: errText(e) } });
    }
  }

  /** The model fine-tuning starts from: the active one, or the original of a tuned one. */
  baseId(): string {
    return baseIdOf(this.s.modelId ?? 'default');
  }

  /** Runs a full fine-tune on the samples (newest 20% held out), then makes the result the active model. Never rejects. */
  async fineTune(): Promise<void> {
    await this.ensureLoaded();
    if (tuneBlocker(this.s)) return;
    const { samples, tuneSettings: t } = this.s;
    const { train, heldOut } = heldOutSplit(samples);
    const steps = t.steps ?? autoSteps(train.length, t.replayRatio);
    const config: Partial<FineTuneConfig> = { steps, replayRatio: t.replayRatio, learningRate: t.learningRate, batchNorm: t.batchNorm };
    const baseId = this.baseId();
    this.s.tuneStarted(steps);
    this.s.dismissAlert('tune');
    const progress = new TuneProgressFold(
      (p, curve) => this.s.tuneProgress({ phase: p.phase, step: p.step, speed: p.samplesPerSec, variants: p.variants ?? this.s.tuneVariants, curve }),
      this.deps.flushMs ?? 250,
      this.deps.now,
    );
    const flush = () => progress.flush();
    try {
      const result = await this.deps.request(
        'fineTune',
        { baseId, train: train.map(toTraining), heldOut: heldOut.map(toTraining), config, mnistTestLimit: t.mnistTestLimit >= 10000 ? undefined : t.mnistTestLimit },
        { onProgress: (p) => progress.push(p) },
      );
      flush();
      this.s.tuneFinished(result);
      await this.deps.teachKv.set('lastResult', result).catch(() => undefined);
      await this.deps.loadModel(result.model.id).catch(() => undefined);
      void this.refreshTuned();
    } catch (e) {
      flush();
      const message = errText(e);
      this.s.tuneFailed(message);
      const code = e instanceof WorkerError ? e.info.code : undefined;
      this.s.pushAlert({ key: 'tune', title: 'Fine-tuning did not finish', message, code });
    }
  }

  /** Ends a fine-tuning run after the current step; it is still measured and saved. */
  async stop(): Promise<void> {
    if (this.s.tuneState !== 'running') return;
    this.s.tuneStopping();
    await this.deps.request('stopTraining', {}).catch(() => undefined);
  }

  /** Makes a model the one that reads drawings (the original, or a tuned one). */
  async use(id: string): Promise<void> {
    await this.deps.loadModel(id).catch(() => undefined);
  }

  /** Lists the fine-tuned models in the library. */
  async refreshTuned(): Promise<void> {
    try {
      const models = await this.deps.request('listModels', {});
      this.s.patchSamples({ tunedModels: models.filter((m) => isTunedId(m.id)) });
    } catch {
      // The list is a convenience; the panel works without it.
    }
  }

  /** The original and the fine-tuned model, for the side-by-side view. */
  compareIds(): [string, string | null] {
    const base = this.baseId();
    const tuned = tunedIdFor(base);
    return [base, this.s.tunedModels.some((m) => m.id === tuned) || this.s.modelId === tuned ? tuned : null];
  }

  /** Asks both models about `image` (newest only: a call while one is in flight replaces the waiting one). */
  compare(image: Float32Array | null, version: number): void {
    if (!image) {
      this.s.patchSamples({ comparison: null });
      return;
    }
    this.comparer.push({ image: image.slice(), version, ids: this.compareIds().filter((x): x is string => x !== null) });
  }

  private showComparison(drawVersion: number, entries: CompareEntry[]): void {
    // A drawing cleared meanwhile shows nothing.
    if (this.s.strokes.length > 0) this.s.patchSamples({ comparison: { drawVersion, entries } });
  }

  /** Persists the fine-tuning form. */
  setSettings(patch: Partial<TuneSettings>): void {
    this.s.setTuneSettings(patch);
    void this.deps.teachKv.set('settings', this.s.tuneSettings).catch(() => undefined);
  }
}

let instance: TeachController | null = null;

/** The app's teach controller (lab worker, app store, IndexedDB). */
export function teachController(): TeachController {
  instance ??= new TeachController({
    request: (method, params, options) => getBridge().request('lab', method, params, options),
    loadModel: (id) => getBridge().loadModel(id),
    store: useStore.getState,
    samplesKv: kv<Sample>('samples'),
    teachKv: kv<unknown>('teach'),
    predictNow: () => new LivePredictor({ predict: (image) => getBridge().predictLatest(image), store: useStore.getState }).flush(),
  });
  return instance;
}
