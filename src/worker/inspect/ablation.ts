/**
 * Switch filters off: the answers of a copy of the model in which chosen
 * filters of one conv block output zero. The copy shares every untouched
 * weight with the model (tfjs variables share data on assign); only the
 * chosen block's weights are replaced by masked ones, so the stored model
 * and the lab's own copy never change.
 *
 * A filter is switched off by zeroing its kernel and bias and, where the
 * block has batch norm, its scale, shift and running mean: the block's
 * output channel is then exactly 0 after ReLU, linear or tanh (an
 * activation with f(0) ≠ 0, like sigmoid, gives that constant instead).
 */
import * as tf from '../tf';
import type { Found, Layer } from './layers';
import { imageInput } from '../storage/validate';

/** Conv classes whose last kernel axis is the output filter. */
const MASKABLE = new Set(['Conv2D', 'SeparableConv2D']);

/** Whether a conv block's filters can be switched off. */
export const canAblate = (f: Found) => f.kind === 'conv' && MASKABLE.has(f.className);

interface Held {
  of: tf.LayersModel;
  copy: tf.LayersModel;
  /** The copy seen through a [n,28,28,1] input (shares its layers; never disposed on its own). */
  images: tf.LayersModel;
  /** Names of the copy's layers that hold masked weights now. */
  masked: Set<string>;
}

let held: Held | null = null;

/** The ablation copy of `model`, built on first use (the previous model's copy is disposed). */
export function ablationCopy(model: tf.LayersModel): Held {
  if (held?.of === model) return held;
  disposeAblationCopy();
  const config = model.getConfig() as tf.serialization.ConfigDict;
  const cls = (model instanceof tf.Sequential ? tf.Sequential : tf.LayersModel) as unknown as {
    fromConfig(cls: unknown, config: tf.serialization.ConfigDict, customObjects: tf.serialization.ConfigDict, fastWeightInit: boolean): tf.LayersModel;
  };
  const copy = cls.fromConfig(cls, config, {}, true);
  copy.setWeights(model.getWeights());
  held = { of: model, copy, images: imageInput(copy), masked: new Set() };
  return held;
}

/** Drops the copy (tests; a new model replaces it anyway). */
export function disposeAblationCopy(): void {
  try {
    held?.copy.dispose();
  } catch (e) {
    // After a lost WebGL context its tensors died with the backend.
    console.warn('[digit-lab] disposing the ablation copy', e);
  }
  held = null;
}

/** The layers of `model` in `block` whose weights a mask changes: the conv itself and any batch norm folded into it. */
function maskedLayers(model: tf.LayersModel, block: Found): Layer[] {
  return block.parts.map((n) => model.getLayer(n)).filter((l) => l === block.layer || l.getClassName() === 'BatchNormalization');
}

/** Points the copy at the model's weights again, then switches `off` filters of `block` off. */
export function applyMask(h: Held, block: Found, off: number[]): void {
  const filters = block.outputShape[2];
  for (const f of off) if (!Number.isInteger(f) || f < 0 || f >= filters) throw Object.assign(new Error(`${block.name} has no filter ${f + 1}`), { code: 'bad-request' as const });
  for (const name of h.masked) h.copy.getLayer(name).setWeights(h.of.getLayer(name).getWeights());
  h.masked.clear();
  if (off.length === 0) return;
  const keep = new Float32Array(filters).fill(1);
  for (const f of off) keep[f] = 0;
  for (const layer of maskedLayers(h.of, block)) {
    const isBn = layer.getClassName() === 'BatchNormalization';
    const values = tf.tidy(() => {
      const mask = tf.tensor1d(keep);
      return layer.weights.map((w) => {
        const v = w.read();
        // BN's variance stays (it divides); a separable conv's depthwise kernel is per input channel.
        const skip = (isBn && /variance/.test(w.name)) || /depthwise/.test(w.name) || v.shape[v.rank - 1] !== filters;
        return skip ? v.clone() : tf.mul(v, mask);
      });
    });
    h.copy.getLayer(layer.name).setWeights(values);
    tf.dispose(values);
    h.masked.add(layer.name);
  }
}
