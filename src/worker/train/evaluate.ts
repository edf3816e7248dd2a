/** Evaluation on GPU-resident shards: accuracy, loss, confusion matrix, mistakes. */
import * as tf from '../tf';
import type { TestReport } from '../../shared/types';
import type { GpuShard } from '../data/dataset';
import { crossEntropy } from './loss';

const CHUNK = 500;

interface Pass {
  preds: Int32Array;
  conf: Float32Array;
  labels: Uint8Array;
  loss: number;
}

/** Called after each chunk with the images done so far and the total (the final test's progress bar). */
export type EvalProgress = (done: number, total: number) => void;

async function predictAll(model: tf.LayersModel, shards: GpuShard[], onChunk?: EvalProgress): Promise<Pass> {
  const total = shards.reduce((a, s) => a + s.count, 0);
  const preds = new Int32Array(total);
  const conf = new Float32Array(total);
  const labels = new Uint8Array(total);
  let lossSum = 0;
  let off = 0;
  for (const s of shards) {
    for (let i = 0; i < s.count; i += CHUNK) {
      const n = Math.min(CHUNK, s.count - i);
      const [p, c, l] = tf.tidy(() => {
        const x = tf.slice(s.xs, [i, 0, 0, 0], [n, 28, 28, 1]);
        const y = tf.slice(s.ys, [i], [n]);
        const probs = model.apply(x, { training: false }) as tf.Tensor2D;
        return [tf.argMax(probs, -1), tf.max(probs, -1), tf.mul(crossEntropy(y, probs, 0), n)];
      });
      const [pv, cv, lv] = await Promise.all([p.data(), c.data(), l.data()]);
      tf.dispose([p, c, l]);
      preds.set(pv as Int32Array, off);
      conf.set(cv as Float32Array, off);
      labels.set(s.labels.subarray(i, i + n), off);
      lossSum += lv[0];
      off += n;
      onChunk?.(off, total);
    }
  }
  return { preds, conf, labels, loss: lossSum / Math.max(1, total) };
}

/** Accuracy and mean cross-entropy. */
export async function evaluate(model: tf.LayersModel, shards: GpuShard[], onChunk?: EvalProgress): Promise<{ accuracy: number; loss: number; count: number }> {
  const r = await predictAll(model, shards, onChunk);
  let right = 0;
  for (let i = 0; i < r.preds.length; i++) if (r.preds[i] === r.labels[i]) right++;
  return { accuracy: right / Math.max(1, r.preds.length), loss: r.loss, count: r.preds.length };
}

/** The full test report: accuracy, confusion matrix and up to `maxWrong` mistakes (most confident first). */
export async function evaluateTest(model: tf.LayersModel, shards: GpuShard[], maxWrong = 64, onChunk?: EvalProgress): Promise<TestReport> {
  const r = await predictAll(model, shards, onChunk);
  const confusion = new Array(100).fill(0);
  const wrong: number[] = [];
  let right = 0;
  for (let i = 0; i < r.preds.length; i++) {
    confusion[r.labels[i] * 10 + r.preds[i]]++;
    if (r.preds[i] === r.labels[i]) right++;
    else wrong.push(i);
  }
  wrong.sort((a, b) => r.conf[b] - r.conf[a]);
  const picked = wrong.slice(0, maxWrong);
  const wrongImages = new Float32Array(picked.length * 784);
  // Map global indices back to shard rows to copy pixels.
  const starts: number[] = [];
  let acc = 0;
  for (const s of shards) {
    starts.push(acc);
    acc += s.count;
  }
  // One gather and one read-back per shard, not one per image.
  for (let si = 0; si < shards.length; si++) {
    const ks = picked.map((gi, k) => [gi, k]).filter(([gi]) => gi >= starts[si] && gi < starts[si] + shards[si].count);
    if (ks.length === 0) continue;
    const px = tf.tidy(() => tf.gather(shards[si].xs, tf.tensor1d(ks.map(([gi]) => gi - starts[si]), 'int32')));
    const data = await px.data();
    px.dispose();
    ks.forEach(([, k], j) => wrongImages.set(data.subarray(j * 784, (j + 1) * 784), k * 784));
  }
  return {
    accuracy: right / Math.max(1, r.preds.length),
    loss: r.loss,
    count: r.preds.length,
    confusion,
    wrongImages,
    wrongTrue: picked.map((i) => r.labels[i]),
    wrongPred: picked.map((i) => r.preds[i]),
    wrongConf: picked.map((i) => r.conf[i]),
  };
}
