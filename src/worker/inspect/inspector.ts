/**
 * Per-model inspection state, built once and cached by model object: the
 * discovered layers, one multi-output model for every feature map, and a
 * function for the class scores before the softmax.
 *
 * The derived models share the active model's layers and own no tensors.
 * They are dropped, never disposed, when the model changes: a LayersModel's
 * dispose() releases its layers' weights, which would kill the model they
 * were built from.
 */
import * as tf from '../tf';
import { fitInput } from '../storage/validate';
import { codeLayerOf, discoverLayers, mapLayers, type Found, type Layer } from './layers';

export interface Inspector {
  model: tf.LayersModel;
  found: Found[];
  byName: Map<string, Found>;
  /** Layers feature maps show by default. */
  mapLayers: Found[];
  code: Found | null;
  /** Outputs: [probs, ...mapLayers outputs], built on first use. */
  maps(): tf.LayersModel;
  /** [n,28,28,1] images → [n,10] class scores before the softmax (log-probabilities if unreachable). */
  logits(x: tf.Tensor): tf.Tensor2D;
  hasLogits: boolean;
  /** [n,28,28,1] images → output of `layer` at `objective` (pre-activation where possible). */
  objective(layer: Found, x: tf.Tensor): tf.Tensor;
}

const cache = new WeakMap<tf.LayersModel, Inspector>();

function single(t: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor | null {
  return Array.isArray(t) ? (t.length === 1 ? t[0] : null) : t;
}

/** A model from the input to `out`, or identity when `out` is the input itself. */
function upTo(model: tf.LayersModel, out: tf.SymbolicTensor): (x: tf.Tensor) => tf.Tensor {
  if (model.inputs.includes(out)) return (x) => fitInput(model, x as tf.Tensor4D);
  const sub = tf.model({ inputs: model.inputs, outputs: out });
  return (x) => sub.apply(fitInput(model, x as tf.Tensor4D), { training: false }) as tf.Tensor;
}

function softmaxOf(layer: Layer): boolean {
  const c = layer.getClassName();
  if (c === 'Softmax') return true;
  return (layer.getConfig() as { activation?: unknown }).activation === 'softmax';
}

function buildLogits(model: tf.LayersModel): { fn: (x: tf.Tensor) => tf.Tensor2D; exact: boolean } {
  const last = model.layers[model.layers.length - 1];
  const input = single(last.input);
  if (input && softmaxOf(last)) {
    const before = upTo(model, input);
    if (last.getClassName() === 'Dense') {
      // Dense + softmax: redo the matMul without the softmax, with the live weights.
      const vars = last.weights;
      const kernel = vars.find((v) => /kernel/.test(v.name)) ?? vars[0];
      const bias = vars.find((v) => /bias/.test(v.name));
      return {
        fn: (x) => {
          const z = tf.matMul(before(x) as tf.Tensor2D, kernel.read() as tf.Tensor2D);
          return (bias ? tf.add(z, bias.read()) : z) as tf.Tensor2D;
        },
        exact: true,
      };
    }
    return { fn: (x) => before(x) as tf.Tensor2D, exact: true };
  }
  // Unknown head: log-probabilities rank the classes the same way, with worse gradients near 1.
  return { fn: (x) => tf.log(tf.clipByValue(model.apply(fitInput(model, x as tf.Tensor4D), { training: false }) as tf.Tensor, 1e-7, 1)) as tf.Tensor2D, exact: false };
}

/** The cached inspector of `model`, built on first use. */
export function inspectorFor(model: tf.LayersModel): Inspector {
  const hit = cache.get(model);
  if (hit) return hit;
  const found = discoverLayers(model);
  const shown = mapLayers(found);
  let maps: tf.LayersModel | null = null;
  let logits: ReturnType<typeof buildLogits> | null = null;
  const objectives = new Map<Found, (x: tf.Tensor) => tf.Tensor>();
  const insp: Inspector = {
    model,
    found,
    byName: new Map(found.map((f) => [f.name, f])),
    mapLayers: shown,
    code: codeLayerOf(found),
    maps() {
      maps ??= tf.model({ inputs: model.inputs, outputs: [model.outputs[0], ...shown.map((f) => f.output)] });
      return maps;
    },
    logits(x) {
      logits ??= buildLogits(model);
      return logits.fn(x);
    },
    get hasLogits() {
      logits ??= buildLogits(model);
      return logits.exact;
    },
    objective(layer, x) {
      let fn = objectives.get(layer);
      if (!fn) {
        fn = upTo(model, layer.objective);
        objectives.set(layer, fn);
      }
      return fn(x);
    },
  };
  cache.set(model, insp);
  return insp;
}
