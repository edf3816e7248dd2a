/** Feature maps: every chosen layer's output for one image, read back from the GPU in a single transfer. */
import * as tf from '../tf';
import type { FeatureMap } from '../../shared/inspect-types';
import { fitInput } from '../storage/validate';
import type { Inspector } from './inspector';
import type { Found } from './layers';
import { withBackendSync } from '../models/twin';
import { badRequest } from '../errors';
import type { PlainNet } from '../engine/net';

/** Checks and wraps a 784-float image as a [1,28,28,1] tensor (caller disposes). */
export function imageTensor(image: Float32Array): tf.Tensor4D {
  if (!(image instanceof Float32Array) || image.length !== 784) throw badRequest('An image must be 784 floats (28×28)');
  return tf.tensor4d(image, [1, 28, 28, 1]);
}

/** Channel-first shape of one layer's output ([c,h,w] or [units]). */
function mapShape(f: Found): number[] {
  const s = f.outputShape;
  return s.length === 3 ? [s[2], s[0], s[1]] : [s[0]];
}

/** Resolves requested layer names (default: all map layers), rejecting unknown ones. */
export function pickLayers(insp: Inspector, names?: string[]): Found[] {
  if (!names) return insp.mapLayers;
  return names.map((n) => {
    const f = insp.mapLayers.find((m) => m.name === n);
    if (!f) throw badRequest(`The model has no inspectable layer "${n}"`);
    return f;
  });
}

/** Runs the image through the model once; returns the chosen layers' outputs (channel-first) and the probabilities. */
export async function featureMaps(insp: Inspector, image: Float32Array, names?: string[]): Promise<{ maps: FeatureMap[]; probs: Float32Array }> {
  const chosen = pickLayers(insp, names);
  const flat = mapsTensor(insp, image, chosen);
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  return decode(insp, chosen, values);
}

/**
 * The same on a CPU twin of the model (see models/twin.ts): one image's maps
 * are a few million multiply-adds, milliseconds on the CPU, and never queue
 * behind training on the shared GPU. Synchronous, so the backend switch
 * cannot leak into other requests.
 */
export function featureMapsOnCpu(insp: Inspector, image: Float32Array, names?: string[]): { maps: FeatureMap[]; probs: Float32Array } {
  const chosen = pickLayers(insp, names);
  const values = withBackendSync('cpu', () => {
    const flat = mapsTensor(insp, image, chosen);
    try {
      return flat.dataSync() as Float32Array;
    } finally {
      flat.dispose();
    }
  });
  return decode(insp, chosen, values);
}

/**
 * The same from the plain-JS engine (engine/net.ts): one run gives every
 * layer's output in a few ms, no tensors, no backend switch. Null when a chosen
 * layer's output is not one the engine keeps (then use the tfjs paths above).
 */
export function featureMapsOnNet(net: PlainNet, insp: Inspector, image: Float32Array, names?: string[]): { maps: FeatureMap[]; probs: Float32Array } | null {
  const chosen = pickLayers(insp, names);
  if (!(image instanceof Float32Array) || image.length !== 784) throw badRequest('An image must be 784 floats (28×28)');
  const run = net.run(image);
  const maps: FeatureMap[] = [];
  for (const f of chosen) {
    const values = run.activations.get(f.name);
    if (!values || net.shapes.get(f.name)?.join() !== f.outputShape.join()) return null;
    const shape = mapShape(f);
    maps.push({ layer: f.name, shape, data: shape.length === 3 ? channelsFirst(values, 0, f.outputShape) : values.slice() });
  }
  return { maps, probs: run.output.slice() };
}

/** All chosen outputs, flattened into one tensor: [probs, ...maps]. */
function mapsTensor(insp: Inspector, image: Float32Array, chosen: Found[]): tf.Tensor {
  const index = chosen.map((f) => insp.mapLayers.indexOf(f));
  return tf.tidy(() => {
    const x = imageTensor(image);
    const outs = insp.maps().predict(fitInput(insp.model, x)) as tf.Tensor | tf.Tensor[];
    const all = Array.isArray(outs) ? outs : [outs];
    // One concatenated read, since each read is a GPU round trip; channel-first reordering is done after, in JS, to spare GPU programs.
    return tf.concat([all[0], ...index.map((i) => all[i + 1])].map((t) => tf.reshape(t, [-1])));
  });
}

function decode(insp: Inspector, chosen: Found[], values: Float32Array): { maps: FeatureMap[]; probs: Float32Array } {
  const classes = insp.model.outputs[0].shape[1] ?? 10;
  const probs = values.slice(0, classes);
  let off = classes;
  const maps = chosen.map((f) => {
    const shape = mapShape(f);
    const n = shape.reduce((a, b) => a * b, 1);
    const data = shape.length === 3 ? channelsFirst(values, off, f.outputShape) : values.slice(off, off + n);
    off += n;
    return { layer: f.name, shape, data };
  });
  return { maps, probs };
}

/** [h, w, c] values (from `off`) reordered to [c, h, w]. */
export function channelsFirst(values: Float32Array, off: number, [h, w, c]: number[]): Float32Array {
  const out = new Float32Array(h * w * c);
  const hw = h * w;
  for (let p = 0; p < hw; p++) {
    const src = off + p * c;
    for (let k = 0; k < c; k++) out[k * hw + p] = values[src + k];
  }
  return out;
}

/** The model's probabilities for a batch of [n,28,28,1] images (inside a tidy). */
export function probsOf(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor {
  return model.predict(fitInput(model, x)) as tf.Tensor;
}
