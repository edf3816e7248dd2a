/** Training, evaluation and benchmarks (lab worker): one training job at a time, stopped cleanly by `stopTraining`. */
import type { Routes } from '../routes';
import { exclusive, mnist, openModel, state, strokeData } from '../state';
import { indexedDbCheckpoints } from '../storage/checkpoint';
import { saveToLibrary } from '../storage/library';
import { imageInput } from '../storage/validate';
import { benchBaseline, benchOurs } from './bench';
import { evaluate } from './evaluate';
import { InputHold } from './hold';
import { runTraining } from './loop';
import { raceCheckpoints, runRace } from './race';
import { openInitialModel, saveRunResult } from './save';

const checkpoints = indexedDbCheckpoints();
/** Training holds its next batch while the user draws. */
const hold = new InputHold();
/** Awaited before each batch of a run or a race. */
const giveWay = () => hold.wait(() => state.stopRequested);

export const trainHandlers = {
  async train(p, progress) {
    return exclusive('Training is already running', async () => {
      const data = await mnist();
      return runTraining(p.config, p.resume, {
        data,
        strokes: await strokeData(),
        checkpoints,
        onProgress: progress,
        shouldStop: () => state.stopRequested,
        beforeBatch: giveWay,
        openInitial: openInitialModel,
        onEpochEnd: p.config.snapshotEachEpoch
          ? async (model, epochsDone, config) => {
              const test = data.split('test', config.testLimit);
              await test.whenAll;
              const r = await evaluate(model, test.shards);
              const at = Date.now();
              await saveToLibrary(model, { id: 'snapshot', name: `Snapshot after epoch ${epochsDone}`, arch: config.arch, testAccuracy: r.accuracy, ownAccuracy: null, createdAt: at, builtin: false });
              progress({ phase: 'saving', epoch: epochsDone, epochs: config.epochs, batches: 0, batchesPerEpoch: 0, samplesPerSec: 0, etaSec: null, points: [], lr: 0, snapshot: { id: 'snapshot', epoch: epochsDone, testAccuracy: r.accuracy } });
            }
          : undefined,
        saveResult: (model, config, s) => saveRunResult(model, config, s),
      });
    });
  },

  /** Two runs side by side, batch by batch on the same images (train/race.ts); like a run, they give way while someone draws. */
  trainRace: (p, progress) => runRace(p, progress, giveWay),

  raceCheckpoint: (p) => raceCheckpoints(p.discard),

  async stopTraining() {
    state.stopRequested = state.training;
    return { stopping: state.training };
  },

  /** A stroke started or ended on the page, or it shows another tab (training gives way to drawing). */
  async userInput(p) {
    if (p.drawing === undefined) hold.pause();
    else hold.set(p.drawing);
    return null;
  },

  async getCheckpoint() {
    return checkpoints.info();
  },

  async discardCheckpoint() {
    await checkpoints.clear();
    return null;
  },

  async bench(p, progress) {
    return exclusive('Training is already running', async () => {
      const data = await mnist();
      return p.loop === 'ours' ? benchOurs(data, p, progress, p.config.strokeShare ? await strokeData() : null) : benchBaseline(data, p, progress);
    });
  },

  async evaluate(p, progress) {
    const data = await mnist();
    const loader = data.split('test', p.limit);
    await loader.whenAll;
    // With `strokes`, the held-out drawn digits count into the same progress (null where their shards are missing).
    const strokes = p.strokes ? await strokeData() : null;
    const held = strokes ? strokes.split('test', p.limit) : null;
    if (held) await held.whenAll.catch(() => undefined);
    const heldTotal = held?.complete ? held.total : 0;
    const total = loader.total + heldTotal;
    const { model } = p.id === state.info?.id && state.model ? { model: state.model } : await openModel(p.id);
    try {
      progress({ done: 0, total });
      // Imported models may take 784 values: evaluation feeds 28×28×1 images.
      const input = imageInput(model);
      const r = await evaluate(input, loader.shards);
      progress({ done: r.count, total });
      const s = held && heldTotal ? await evaluate(input, held.shards) : null;
      if (s) progress({ done: r.count + s.count, total });
      return { accuracy: r.accuracy, count: r.count, ...(p.strokes ? { strokes: s ? { accuracy: s.accuracy, count: s.count } : null } : {}) };
    } finally {
      if (model !== state.model) model.dispose();
    }
  },
} satisfies Pick<Routes, 'train' | 'trainRace' | 'raceCheckpoint' | 'stopTraining' | 'userInput' | 'getCheckpoint' | 'discardCheckpoint' | 'bench' | 'evaluate'>;
