/**
 * What Teach measures a model on before and after fine-tuning: MNIST test (or
 * validation) images and the held-out drawn digits, so a user sees whether
 * teaching their handwriting cost either. Each score is cached by model
 * id@version, so "before" is measured once per model.
 */
import type * as tf from '../tf';
import type { MnistData } from '../data/dataset';
import { mnist, strokeData } from '../state';
import { evaluate } from '../train/evaluate';

export interface Score {
  accuracy: number;
  count: number;
}

type Set = 'mnist' | 'strokes';
type Split = 'test' | 'val';

const cache = new Map<string, Score>();
const keyOf = (set: Set, key: string, split: Split, limit?: number) => `${set}:${key}:${split}:${limit ?? 'all'}`;

async function scoreOn(data: MnistData, set: Set, model: tf.LayersModel, key: string | null, split: Split, limit?: number): Promise<Score> {
  const k = key && keyOf(set, key, split, limit);
  const known = k ? cache.get(k) : undefined;
  if (known) return known;
  const loader = data.split(split, limit);
  await loader.whenAll;
  const r = await evaluate(model, loader.shards);
  const score = { accuracy: r.accuracy, count: r.count };
  if (k) cache.set(k, score);
  return score;
}

/** Accuracy on an MNIST split (or its first `limit` images), cached by `key` (model id@version) when given. */
export async function mnistScore(model: tf.LayersModel, key: string | null, split: Split, limit?: number): Promise<Score> {
  return scoreOn(await mnist(), 'mnist', model, key, split, limit);
}

/**
 * Accuracy on the held-out drawn digits (the first `limit` of them: the set is
 * balanced over digits at every hundred), cached like `mnistScore`; null when
 * this deployment has no stroke shards or they fail to load.
 */
export async function strokeScore(model: tf.LayersModel, key: string | null, limit?: number): Promise<Score | null> {
  const data = await strokeData();
  if (!data) return null;
  try {
    return await scoreOn(data, 'strokes', model, key, 'test', limit);
  } catch {
    return null;
  }
}

/** Records a score measured elsewhere (a tuned model's "after" is the next run's "before"). */
export function rememberScore(set: Set, key: string, split: Split, limit: number | undefined, score: Score | null | undefined): void {
  if (score) cache.set(keyOf(set, key, split, limit), score);
}
