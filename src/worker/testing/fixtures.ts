/** Test helpers for the worker on tfjs's CPU backend in Node: real MNIST shards served from disk, in-memory checkpoints. */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../tf';
import { MnistData } from '../data/dataset';
import type { CheckpointStore } from '../train/loop';
import type { CheckpointInfo } from '../../shared/types';
import type { AverageState } from '../train/average';
import { optimizerState, restoreOptimizer } from '../storage/checkpoint';
import { rng } from '../../shared/rng';

export const SHARDS_DIR = join(import.meta.dirname, '../../../public/data/mnist');
export const STROKES_DIR = join(import.meta.dirname, '../../../public/data/strokes');

/** A fetch that serves the built shards from disk (run `npm run prepare-data` first). */
export async function diskFetch(url: string): Promise<Response> {
  const strokes = /\/data\/strokes\//.test(url);
  const file = join(strokes ? STROKES_DIR : SHARDS_DIR, url.replace(/^.*\/data\/(mnist|strokes)\//, ''));
  if (!existsSync(file)) return new Response('missing', { status: 404 });
  return new Response(await readFile(file));
}

export async function openMnist(): Promise<MnistData> {
  await tf.setBackend('cpu');
  return MnistData.open('http://test/data/mnist/', diskFetch);
}

/** The stroke digits' shards from disk (train part, and the held-out set as "test"). */
export async function openStrokes(): Promise<MnistData> {
  await tf.setBackend('cpu');
  return MnistData.open('http://test/data/strokes/', diskFetch);
}

/** A checkpoint store in memory, exercising the same save/restore of weights and optimizer state. */
export function memoryCheckpoints(): CheckpointStore & { saved: number } {
  let saved: { artifacts: tf.io.ModelArtifacts; info: CheckpointInfo; opt: Awaited<ReturnType<typeof optimizerState>>; average?: AverageState } | null = null;
  const store = {
    saved: 0,
    async save(model: tf.LayersModel, optimizer: tf.Optimizer, info: CheckpointInfo, average?: AverageState) {
      let artifacts: tf.io.ModelArtifacts | null = null;
      await model.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      saved = { artifacts: artifacts!, info: structuredClone(info), opt: await optimizerState(optimizer), average: average && structuredClone(average) };
      store.saved++;
    },
    async load(optimizer: tf.Optimizer) {
      if (!saved) return null;
      const model = await tf.loadLayersModel(tf.io.fromMemory(saved.artifacts));
      await restoreOptimizer(optimizer, saved.opt);
      return { model, info: structuredClone(saved.info), average: saved.average && structuredClone(saved.average) };
    },
    async clear() {
      saved = null;
    },
  };
  return store;
}

/** Moves batch norm's statistics and parameters away from their initial 0/1, so folding them (engine, ONNX export) is really exercised. */
export function randomizeBatchNorm(model: tf.LayersModel, seed: number): void {
  const r = rng(seed);
  for (const l of model.layers) {
    if (l.getClassName() !== 'BatchNormalization') continue;
    l.setWeights(
      l.getWeights().map((w, i) => {
        const name = l.weights[i].name;
        return tf.tensor(Float32Array.from({ length: w.size }, () => (/variance/.test(name) ? 0.3 + r() * 2 : /gamma/.test(name) ? 0.5 + r() : r() - 0.5)), w.shape);
      }),
    );
  }
}
