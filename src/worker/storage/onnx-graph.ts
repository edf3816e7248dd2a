/**
 * Turns a tfjs LayersModel into a plain ONNX graph description (nodes,
 * initializers), ready for onnx-proto to encode (onnx.ts). tfjs keeps images
 * NHWC, ONNX's Conv and MaxPool want NCHW: values carry their layout and a
 * Transpose is inserted only where a consumer needs the other one, so a
 * Flatten sees NHWC again and the Dense weights keep tfjs's order.
 */
import * as tf from '../tf';

export type Attr = { i: number } | { f: number } | { ints: number[] };
export interface GraphNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr>;
}
export interface Initializer {
  name: string;
  dims: number[];
  float?: Float32Array;
  int64?: number[];
}
export interface Graph {
  nodes: GraphNode[];
  inits: Initializer[];
  /** The value holding the model's output ([N, 10]). */
  output: string;
  /** Whether the model's last operation is a softmax (its outputs are probabilities). */
  endsInSoftmax: boolean;
}

/** A layer ONNX export cannot handle; the message names it for the user. */
export class OnnxExportError extends Error {
  code = 'bad-request' as const;
  constructor(public layer: string, public className: string, why: string) {
    super(`Layer “${layer}” (${className}) cannot be exported to ONNX: ${why}. Digit Lab exports conv, batch norm, ReLU, max-pool, dropout, flatten, reshape, dense and softmax layers.`);
    this.name = 'OnnxExportError';
  }
}

type Layout = 'nhwc' | 'nchw' | 'flat';
interface Value {
  name: string;
  layout: Layout;
  /** NHWC (tfjs) shape without the batch, for 4-D values. */
  shape: number[];
}

const ACTIVATIONS: Record<string, string | null> = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax' };
const IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** What a layer's config looks like to us (tfjs getConfig(), camelCase). */
interface Cfg {
  filters?: number;
  kernelSize?: number | number[];
  poolSize?: number | number[];
  strides?: number | number[] | null;
  padding?: string;
  dataFormat?: string;
  dilationRate?: number | number[];
  activation?: string;
  axis?: number | number[];
  epsilon?: number;
  targetShape?: number[];
  maxValue?: number | null;
  negativeSlope?: number;
  threshold?: number;
}

const pair = (v: number | number[] | null | undefined, fallback: number[]): number[] => (v == null ? fallback : Array.isArray(v) ? (v.length === 1 ? [v[0], v[0]] : v) : [v, v]);

/** tfjs's 'same' padding for one axis (the extra pixel goes at the end), as ONNX begin/end pads. */
function samePads(size: number, k: number, s: number, d: number): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + (k - 1) * d + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Builds the ONNX graph of a single-input, single-output chain of supported layers. */
export function buildGraph(model: tf.LayersModel): Graph {
  const nodes: GraphNode[] = [];
  const inits: Initializer[] = [];
  const used = new Set<string>(['input']);
  const unique = (base: string) => {
    let n = base.replace(/[^A-Za-z0-9_./-]/g, '_');
    for (let i = 1; used.has(n); i++) n = `${base}_${i}`;
    used.add(n);
    return n;
  };
  const add = (op: string, base: string, inputs: string[], attrs?: Record<string, Attr>): string => {
    const out = unique(base);
    nodes.push({ op, name: out, inputs, outputs: [out], attrs });
    return out;
  };
  const init = (base: string, dims: number[], data: Float32Array | number[]): string => {
    const name = unique(base);
    inits.push(data instanceof Float32Array ? { name, dims, float: data } : { name, dims, int64: data });
    return name;
  };
  // One Transpose per value and direction, shared by every consumer.
  const converted = new Map<string, Value>();
  const as = (v: Value, layout: 'nhwc' | 'nchw'): Value => {
    if (v.layout === layout || v.layout === 'flat') return v;
    const key = `${v.name}>${layout}`;
    let c = converted.get(key);
    if (!c) {
      const perm = layout === 'nchw' ? [0, 3, 1, 2] : [0, 2, 3, 1];
      c = { name: add('Transpose', `${v.name}_${layout}`, [v.name], { perm: { ints: perm } }), layout, shape: v.shape };
      converted.set(key, c);
    }
    return c;
  };
  const activate = (v: Value, act: string | undefined, layerName: string, cls: string): Value => {
    const a = act ?? 'linear';
    if (!(a in ACTIVATIONS)) throw new OnnxExportError(layerName, cls, `its activation “${a}” is not supported`);
    const op = ACTIVATIONS[a];
    if (!op) return v;
    // Softmax over the last axis: a 4-D value goes back to NHWC first.
    const src = op === 'Softmax' && v.shape.length === 3 ? as(v, 'nhwc') : v;
    return { ...src, name: add(op, `${layerName}_${op.toLowerCase()}`, [src.name], op === 'Softmax' ? { axis: { i: -1 } } : undefined) };
  };

  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new OnnxExportError(model.name, 'Model', 'it has more than one input or output');
  const inputLayer = model.inputs[0].sourceLayer;
  const inShape = model.inputs[0].shape.slice(1) as number[];
  const values = new Map<string, Value>();
  let first: Value = { name: 'input', layout: 'nhwc', shape: [28, 28, 1] };
  // The ONNX input is always [N,28,28,1]; a model taking 784 values or 28×28 gets it reshaped the way tfjs would.
  if (inShape.length === 1) first = { name: add('Flatten', 'input_flat', ['input'], { axis: { i: 1 } }), layout: 'flat', shape: [inShape[0]] };
  else if (inShape.length === 2) first = { name: add('Reshape', 'input_2d', ['input', init('input_2d_shape', [3], [-1, inShape[0], inShape[1]])]), layout: 'flat', shape: inShape };
  values.set(inputLayer.name, first);

  // Layers whose output feeds more than one layer keep it (no batch norm folding into them).
  const consumers = new Map<string, number>();
  for (const l of model.layers) for (const src of l.inboundNodes[0]?.inboundLayers ?? []) consumers.set(src.name, (consumers.get(src.name) ?? 0) + 1);
  // Where a conv's pre-activation output was produced, so a batch norm right after it can fold into it.
  const convs = new Map<string, { node: GraphNode; kernel: Float32Array; bias: Float32Array; dims: number[] }>();

  for (const layer of model.layers) {
    if (layer === inputLayer) continue;
    const cls = layer.getClassName();
    const name = layer.name;
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (inbound.length !== 1) throw new OnnxExportError(name, cls, 'it takes more than one input');
    const src = values.get(inbound[0].name);
    if (!src) throw new OnnxExportError(name, cls, `its input “${inbound[0].name}” could not be exported`);
    const cfg = layer.getConfig() as Cfg;
    const weights = layer.getWeights();
    const data = (i: number) => weights[i].dataSync() as Float32Array;
    const four = src.shape.length === 3;
    const needImage = () => {
      if (!four) throw new OnnxExportError(name, cls, `it gets a ${src.shape.length + 1}-D input, not an image`);
      if (cfg.dataFormat && cfg.dataFormat !== 'channelsLast') throw new OnnxExportError(name, cls, 'only channels-last data is supported');
    };
    let out: Value;
    switch (cls) {
      case 'Conv2D': {
        needImage();
        const [kh, kw] = pair(cfg.kernelSize, [1, 1]);
        const strides = pair(cfg.strides, [1, 1]);
        const dil = pair(cfg.dilationRate, [1, 1]);
        const [h, w, cin] = src.shape;
        const cout = cfg.filters!;
        // tfjs [kh,kw,cin,cout] → ONNX [cout,cin,kh,kw].
        const k = data(0);
        const kernel = new Float32Array(k.length);
        for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) kernel[((o * cin + i) * kh + y) * kw + x] = k[((y * kw + x) * cin + i) * cout + o];
        const bias = weights.length > 1 ? data(1).slice() : new Float32Array(cout);
        const same = cfg.padding === 'same';
        const [pt, pb] = same ? samePads(h, kh, strides[0], dil[0]) : [0, 0];
        const [pl, pr] = same ? samePads(w, kw, strides[1], dil[1]) : [0, 0];
        const x = as(src, 'nchw');
        const node: GraphNode = { op: 'Conv', name: unique(name), inputs: [x.name, '', ''], outputs: [], attrs: { kernel_shape: { ints: [kh, kw] }, strides: { ints: strides }, dilations: { ints: dil }, pads: { ints: [pt, pl, pb, pr] } } };
        node.outputs = [node.name];
        nodes.push(node);
        const outShape = layer.outputShape as number[];
        out = { name: node.name, layout: 'nchw', shape: outShape.slice(1) };
        convs.set(name, { node, kernel, bias, dims: [cout, cin, kh, kw] });
        if ((cfg.activation ?? 'linear') !== 'linear') out = activate(out, cfg.activation, name, cls);
        break;
      }
      case 'BatchNormalization': {
        const axis = Array.isArray(cfg.axis) ? cfg.axis : [cfg.axis ?? -1];
        const rank = src.shape.length + 1;
        if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== rank - 1)) throw new OnnxExportError(name, cls, 'only batch norm over the last (channel) axis is supported');
        const c = src.shape[src.shape.length - 1];
        const byName = (suffix: string, fill: number) => {
          const i = layer.weights.findIndex((v) => v.originalName.endsWith(`/${suffix}`) || v.name.endsWith(`/${suffix}`));
          return i < 0 ? new Float32Array(c).fill(fill) : data(i);
        };
        const gamma = byName('gamma', 1), beta = byName('beta', 0), mean = byName('moving_mean', 0), variance = byName('moving_variance', 1);
        const eps = cfg.epsilon ?? 1e-3;
        const conv = convs.get(inbound[0].name);
        if (conv && consumers.get(inbound[0].name) === 1 && src.name === conv.node.name) {
          // Folded: W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β, per output channel.
          const cout = conv.dims[0];
          const per = conv.kernel.length / cout;
          for (let o = 0; o < cout; o++) {
            const s = gamma[o] / Math.sqrt(variance[o] + eps);
            for (let j = 0; j < per; j++) conv.kernel[o * per + j] *= s;
            conv.bias[o] = (conv.bias[o] - mean[o]) * s + beta[o];
          }
          out = src;
        } else {
          const x = four ? as(src, 'nchw') : src;
          const ins = [x.name, init(`${name}_scale`, [c], gamma.slice()), init(`${name}_bias`, [c], beta.slice()), init(`${name}_mean`, [c], mean.slice()), init(`${name}_var`, [c], variance.slice())];
          out = { ...x, name: add('BatchNormalization', name, ins, { epsilon: { f: eps } }) };
        }
        break;
      }
      case 'ReLU':
        if ((cfg.maxValue ?? null) !== null || (cfg.negativeSlope ?? 0) !== 0 || (cfg.threshold ?? 0) !== 0) throw new OnnxExportError(name, cls, 'only a plain ReLU (no max value, slope or threshold) is supported');
        out = { ...src, name: add('Relu', name, [src.name]) };
        break;
      case 'Activation':
        out = activate(src, cfg.activation, name, cls);
        break;
      case 'Softmax':
        if (![-1, src.shape.length].includes(Array.isArray(cfg.axis) ? NaN : (cfg.axis ?? -1))) throw new OnnxExportError(name, cls, 'only a softmax over the last axis is supported');
        out = activate(src, 'softmax', name, cls);
        break;
      case 'MaxPooling2D': {
        needImage();
        const [kh, kw] = pair(cfg.poolSize, [2, 2]);
        const strides = pair(cfg.strides, [kh, kw]);
        const same = cfg.padding === 'same';
        const [pt, pb] = same ? samePads(src.shape[0], kh, strides[0], 1) : [0, 0];
        const [pl, pr] = same ? samePads(src.shape[1], kw, strides[1], 1) : [0, 0];
        const x = as(src, 'nchw');
        out = { name: add('MaxPool', name, [x.name], { kernel_shape: { ints: [kh, kw] }, strides: { ints: strides }, pads: { ints: [pt, pl, pb, pr] } }), layout: 'nchw', shape: (layer.outputShape as number[]).slice(1) };
        break;
      }
      case 'Flatten': {
        // Back to NHWC first, so the flat order is tfjs's (y, x, channel) and Dense weights need no shuffling.
        const x = as(src, 'nhwc');
        out = { name: add('Flatten', name, [x.name], { axis: { i: 1 } }), layout: 'flat', shape: [src.shape.reduce((a, b) => a * b, 1)] };
        break;
      }
      case 'Reshape': {
        const target = (layer.outputShape as number[]).slice(1);
        const x = as(src, 'nhwc');
        const shape = init(`${name}_shape`, [target.length + 1], [-1, ...target]);
        out = { name: add('Reshape', name, [x.name, shape]), layout: target.length === 3 ? 'nhwc' : 'flat', shape: target };
        break;
      }
      case 'Dense': {
        if (src.shape.length !== 1) throw new OnnxExportError(name, cls, `it gets a ${src.shape.length + 1}-D input; only dense layers after a flatten are supported`);
        const [kernel, bias] = [data(0), weights.length > 1 ? data(1) : null];
        const units = kernel.length / src.shape[0];
        const ins = [src.name, init(`${name}_kernel`, [src.shape[0], units], kernel.slice())];
        if (bias) ins.push(init(`${name}_bias`, [units], bias.slice()));
        // Gemm: A[N,in]·B[in,out] + C[out], tfjs's kernel as it is.
        out = activate({ name: add('Gemm', name, ins), layout: 'flat', shape: [units] }, cfg.activation, name, cls);
        break;
      }
      default:
        if (IDENTITY.has(cls)) {
          out = src;
          break;
        }
        throw new OnnxExportError(name, cls, 'this kind of layer is not supported');
    }
    values.set(name, out);
  }
  // Convs are emitted before a following batch norm folds into them: their weights go in last.
  for (const [name, c] of convs) {
    c.node.inputs[1] = init(`${name}_kernel`, c.dims, c.kernel);
    c.node.inputs[2] = init(`${name}_bias`, [c.dims[0]], c.bias);
  }
  const last = model.outputs[0].sourceLayer.name;
  const result = values.get(last)!;
  if (result.layout !== 'flat' || result.shape.length !== 1) throw new OnnxExportError(last, model.outputs[0].sourceLayer.getClassName(), 'the model must end in a flat [N, 10] output');
  const producer = nodes.find((n) => n.outputs.includes(result.name));
  return { nodes, inits, output: result.name, endsInSoftmax: producer?.op === 'Softmax' };
}
