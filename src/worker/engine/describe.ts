/**
 * Model descriptions for the plain-JS engine (net.ts), from a loaded tfjs
 * LayersModel or straight from model.json and its weight bytes (no tfjs
 * needed: the infer worker answers with this before tfjs has loaded).
 */
import type * as tf from '../tf';
import type { LayerDesc, NetDesc } from './net';
import { Unsupported } from './net';

/** A weight's role in its layer: the part of its name after the last '/', e.g. "bn1/moving_mean" → "moving_mean". */
const roleOf = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** The description of a loaded model, reading its weights once (from whatever backend holds them). */
export async function describeModel(model: tf.LayersModel): Promise<NetDesc> {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Unsupported(model.name, 'the model must have one input and one output');
  const inputLayer = model.inputs[0].sourceLayer;
  // A Sequential model does not list its input layer; a functional one does.
  const layers = [inputLayer, ...model.layers.filter((l) => l !== inputLayer)];
  const out: LayerDesc[] = [];
  for (const l of layers) {
    const inbound = l === inputLayer ? [] : (l.inboundNodes[0]?.inboundLayers ?? []);
    if (l.inboundNodes.length > 1) throw new Unsupported(l.name, 'it is used more than once');
    if (l !== inputLayer && inbound.length !== 1) throw new Unsupported(l.name, 'it does not read from exactly one layer');
    const values = await Promise.all(l.getWeights().map((t) => t.data<'float32'>()));
    const weights: Record<string, Float32Array> = {};
    l.weights.forEach((v, i) => {
      const name = (v as unknown as { originalName?: string }).originalName ?? v.name;
      if (v.dtype !== 'float32') throw new Unsupported(l.name, `its weight ${name} is ${v.dtype}`);
      weights[roleOf(name)] = values[i] as Float32Array;
    });
    out.push({ name: l.name, className: l.getClassName(), config: l.getConfig() as Record<string, unknown>, inbound: inbound[0]?.name ?? null, weights });
  }
  return { layers: out, output: model.outputs[0].sourceLayer.name };
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
}
interface KerasLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelConfig(c: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [camel(k), v]));
}

/** The weights of a manifest, cut out of their concatenated bytes, by weight name. */
export function weightsByName(specs: ManifestEntry[], bytes: ArrayBuffer): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let off = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (s.dtype !== 'float32') throw new Unsupported(s.name, `its weights are ${s.dtype}`);
    if (off + n * 4 > bytes.byteLength) throw new Unsupported(s.name, 'the weights file is shorter than model.json says');
    out.set(s.name, new Float32Array(bytes.slice(off, off + n * 4)));
    off += n * 4;
  }
  if (off !== bytes.byteLength) throw new Unsupported('weights', `the weights file holds ${bytes.byteLength} bytes, model.json describes ${off}`);
  return out;
}

/** The first inbound layer's name of a functional layer's `inbound_nodes` ([[["name", 0, 0, {}]]] or Keras 3's form). */
function inboundOf(l: KerasLayer): string | null {
  const nodes = l.inbound_nodes ?? [];
  if (nodes.length === 0) return null;
  if (nodes.length > 1) throw new Unsupported(l.name ?? '?', 'it is used more than once');
  const node = nodes[0];
  if (Array.isArray(node) && node.length === 1 && Array.isArray(node[0]) && typeof node[0][0] === 'string') return node[0][0];
  throw new Unsupported(l.name ?? '?', 'it does not read from exactly one layer');
}

/** The description of model.json's topology with its weights (`weightsByName`). */
export function describeJson(topology: unknown, weights: Map<string, Float32Array>): NetDesc {
  const topo = topology as { class_name?: string; config?: unknown; model_config?: unknown };
  const root = (topo.model_config ?? topo) as { class_name?: string; config?: unknown };
  const cfg = root.config as { layers?: KerasLayer[]; output_layers?: unknown[][]; name?: string } | KerasLayer[] | undefined;
  const list = Array.isArray(cfg) ? cfg : cfg?.layers;
  if (!Array.isArray(list) || list.length === 0) throw new Unsupported('model', 'model.json lists no layers');
  const name = (l: KerasLayer) => (l.config.name as string | undefined) ?? l.name ?? '?';
  const layers: LayerDesc[] = [];
  const weightsOf = (n: string) => {
    const w: Record<string, Float32Array> = {};
    for (const [k, v] of weights) if (k.startsWith(`${n}/`)) w[roleOf(k)] = v;
    return w;
  };
  if (root.class_name === 'Sequential') {
    // Sequential: a chain; the input layer is implicit when the first layer carries the input shape.
    let prev: string | null = null;
    if (list[0].class_name !== 'InputLayer') {
      const shape = list[0].config.batch_input_shape;
      if (!shape) throw new Unsupported(name(list[0]), 'the model does not say its input shape');
      prev = `${name(list[0])}_input`;
      layers.push({ name: prev, className: 'InputLayer', config: { batchInputShape: shape }, inbound: null, weights: {} });
    }
    for (const l of list) {
      layers.push({ name: name(l), className: l.class_name, config: camelConfig(l.config), inbound: prev, weights: weightsOf(name(l)) });
      prev = name(l);
    }
    return { layers, output: prev! };
  }
  for (const l of list) layers.push({ name: name(l), className: l.class_name, config: camelConfig(l.config), inbound: inboundOf(l), weights: weightsOf(name(l)) });
  const outs = (cfg as { output_layers?: unknown[][] }).output_layers;
  if (!Array.isArray(outs) || outs.length !== 1 || typeof outs[0]?.[0] !== 'string') throw new Unsupported('model', 'the model must have one output');
  return { layers, output: outs[0][0] as string };
}
