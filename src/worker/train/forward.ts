/**
 * The training-mode forward pass with batch norm (and the ReLU after it) as
 * one op with a hand-written gradient.
 *
 * tfjs-layers computes batch norm in training from `tf.moments` and
 * `tf.batchNorm` and leaves the gradient to autodiff, which differentiates
 * through the moments: about twenty full-size passes over the activations
 * per layer on the backward pass. The closed form (the one cuDNN and PyTorch
 * use) needs seven and two reductions. Measured on llvmpipe, the default CNN
 * trains 1.13–1.22× faster with it; on a real GPU it is also ~15 fewer
 * kernel launches per layer. Same maths as the layer (biased batch variance,
 * the layer's epsilon and momentum), so the model and its saved files are
 * unchanged. Convolutions in the chain go through conv.ts (a faster filter
 * gradient, and a correct one on software WebGL). Any model that is not a
 * plain chain of layers trains through `model.apply` as before, and a layer
 * neither covers is applied as the layer.
 */
import * as tf from '../tf';
import { applyConv, coveredConv, type ConvLayer } from './conv';

/** The parts of tfjs-layers' BatchNormalization used here (private in its typings). */
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/**
 * A step of the forward pass: a layer applied as is, a batch norm (with the
 * ReLU after it folded in), or a convolution with the gradient in conv.ts
 * (`inputGrad` false for the first layer, whose input is data).
 */
type Step = { kind: 'layer'; layer: tf.layers.Layer } | { kind: 'bn'; layer: BatchNormLayer; relu: boolean } | { kind: 'conv'; layer: ConvLayer; inputGrad: boolean };

const plans = new WeakMap<tf.LayersModel, Step[] | null>();

/**
 * Batch norm over all axes but the last, in training mode, optionally
 * followed by ReLU, with its gradient in closed form. Returns the output and
 * the batch's mean and (biased) variance, kept, for the moving averages.
 */
export function batchNormTraining(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number, relu: boolean): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  let mean: tf.Tensor1D | null = null;
  let variance: tf.Tensor1D | null = null;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gamma, beta] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const m = tf.moments(x, [0, 1, 2]);
    mean = tf.keep(m.mean as tf.Tensor1D);
    variance = tf.keep(m.variance as tf.Tensor1D);
    const z = tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
    const y = relu ? tf.relu(z) : z;
    save([x, mean, variance, gamma, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [x, mean, variance, gamma, y] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor4D];
        const n = x.size / x.shape[3];
        // Through the ReLU: zero where it cut (its own gradient, step(y), is 0 at 0 as tfjs's is).
        const dz = relu ? tf.mul(dy as tf.Tensor4D, tf.step(y)) : (dy as tf.Tensor4D);
        const xhat = tf.batchNorm(x, mean, variance, undefined, undefined, epsilon);
        const dbeta = tf.sum(dz, [0, 1, 2]);
        const dgamma = tf.sum(tf.mul(dz, xhat), [0, 1, 2]);
        // dx = γ/σ · (dz − mean(dz) − x̂ · mean(dz · x̂)); the first part as one affine pass.
        const k = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)));
        const centred = tf.batchNorm(dz, tf.div(dbeta, n), tf.onesLike(gamma), undefined, k, 0);
        const dx = tf.sub(centred, tf.mul(xhat, tf.div(tf.mul(k, dgamma), n)));
        return [dx, dgamma, dbeta];
      },
    };
  });
  const y = op(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: mean!, variance: variance! };
}

/** The layers in order when the model is a plain chain (each layer feeding only the next), else null. */
function chain(model: tf.LayersModel): tf.layers.Layer[] | null {
  const layers = model.layers;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || layers.length < 2) return null;
  if (layers[0].getClassName() !== 'InputLayer') return null;
  for (let i = 1; i < layers.length; i++) {
    const nodes = layers[i].inboundNodes;
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) return null;
    if (i < layers.length - 1 && layers[i].outboundNodes.length !== 1) return null;
  }
  if (model.outputs[0].sourceLayer !== layers[layers.length - 1]) return null;
  return layers.slice(1);
}

/** Whether a layer is a batch norm over the channels of a 4-D input, with both γ and β. */
function coveredBatchNorm(layer: tf.layers.Layer): BatchNormLayer | null {
  if (layer.getClassName() !== 'BatchNormalization') return null;
  const bn = layer as unknown as BatchNormLayer;
  const shape = layer.inputSpec?.[0]?.ndim ?? (layer.input as tf.SymbolicTensor).shape.length;
  const axis = bn.axis < 0 ? bn.axis + shape : bn.axis;
  return shape === 4 && axis === 3 && bn.center && bn.scale && bn.gamma && bn.beta ? bn : null;
}

function plan(model: tf.LayersModel): Step[] | null {
  if (plans.has(model)) return plans.get(model)!;
  const layers = chain(model);
  let steps: Step[] | null = null;
  if (layers) {
    steps = [];
    for (let i = 0; i < layers.length; i++) {
      const conv = coveredConv(layers[i]);
      if (conv) {
        steps.push({ kind: 'conv', layer: conv, inputGrad: i > 0 });
        continue;
      }
      const bn = coveredBatchNorm(layers[i]);
      if (!bn) {
        steps.push({ kind: 'layer', layer: layers[i] });
        continue;
      }
      const next = layers[i + 1];
      const relu = next?.getClassName() === 'ReLU' && (next.getConfig().maxValue ?? null) === null && Number(next.getConfig().threshold ?? 0) === 0 && Number(next.getConfig().negativeSlope ?? 0) === 0;
      steps.push({ kind: 'bn', layer: bn, relu });
      if (relu) i++;
    }
    if (!steps.some((s) => s.kind !== 'layer')) steps = null;
  }
  plans.set(model, steps);
  return steps;
}

/** Whether `trainingForward` uses the closed-form batch norm for this model. */
export function usesFusedBatchNorm(model: tf.LayersModel): boolean {
  return plan(model)?.some((s) => s.kind === 'bn') ?? false;
}

/** Whether `trainingForward` uses conv.ts's convolution for this model. */
export function usesOwnConv(model: tf.LayersModel): boolean {
  return plan(model)?.some((s) => s.kind === 'conv') ?? false;
}

/**
 * `model.apply(x, { training: true })`, with each batch norm (and a ReLU after
 * it) as one op with its closed-form gradient, each covered convolution as
 * conv.ts's, and the moving averages updated as the layer does. Call it inside the optimizer's loss function.
 * Dropout draws its masks from `dropoutSeed` (see withDropoutSeed): pass a new
 * one for each batch, from the run's seed for a run that repeats.
 */
export function trainingForward(model: tf.LayersModel, x: tf.Tensor, dropoutSeed?: number): tf.Tensor {
  return withDropoutSeed(model, dropoutSeed ?? 1 + Math.floor(Math.random() * 0x7ffffffe), () => forwardSteps(model, x));
}

/**
 * Runs `fn` with every Dropout layer of `model` seeded from `seed` (a
 * different seed per layer), then gives each layer its own seed back.
 *
 * tfjs's Dropout layer hands its `seed` to tf.dropout, which seeds a new
 * generator with it on every call. So a seeded layer (every zoo model's, and
 * so every saved model's: `seed` is in its config) drops the same features
 * of row i in every batch: the same 26 masks for the drawn digits at the end
 * of each batch, all run long. Training passes a fresh seed per batch.
 */
function withDropoutSeed<T>(model: tf.LayersModel, seed: number, fn: () => T): T {
  const drops = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as { seed?: number }[];
  const own = drops.map((d) => d.seed);
  // tf.dropout treats seed 0 as "unseeded"; keep each one in [1, 2^31).
  drops.forEach((d, i) => (d.seed = 1 + ((seed + i * 7919) % 0x7ffffffe)));
  try {
    return fn();
  } finally {
    drops.forEach((d, i) => (d.seed = own[i]));
  }
}

function forwardSteps(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  const steps = plan(model);
  if (!steps) return model.apply(x, { training: true }) as tf.Tensor;
  let h = x;
  for (const s of steps) {
    if (s.kind === 'layer') {
      h = s.layer.apply(h, { training: true }) as tf.Tensor;
      continue;
    }
    if (s.kind === 'conv') {
      h = applyConv(s.layer, h as tf.Tensor4D, s.inputGrad);
      continue;
    }
    const bn = s.layer;
    const r = batchNormTraining(h as tf.Tensor4D, bn.gamma.read() as tf.Tensor1D, bn.beta.read() as tf.Tensor1D, bn.epsilon, s.relu);
    // The layer's own update: moving ← moving − (moving − batch) · (1 − momentum).
    tf.tidy(() => {
      for (const [v, batch] of [
        [bn.movingMean, r.mean],
        [bn.movingVariance, r.variance],
      ] as const) {
        const old = v.read();
        v.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - bn.momentum)));
      }
    });
    tf.dispose([r.mean, r.variance]);
    h = r.y;
  }
  return h;
}
