/**
 * ONNX export: a LayersModel → model.onnx bytes (opset 13), encoded by the
 * onnx-proto package (protobufjs), never by hand. The graph comes from
 * onnx-graph.ts; input `input` [N,28,28,1] float32 0..1, output
 * `probabilities` [N,10].
 */
import * as onnxProto from 'onnx-proto';
import type * as tf from '../tf';
import { buildGraph, type Attr, type Graph } from './onnx-graph';

export { OnnxExportError } from './onnx-graph';

type Onnx = typeof onnxProto.onnx;
// onnx-proto is CommonJS: bundlers hand over its names, Node's ESM loader only a default.
const mod = onnxProto as unknown as { onnx?: Onnx; default?: { onnx: Onnx } };
/** The onnx-proto namespace (ModelProto, TensorProto, …). */
export const onnx: Onnx = mod.onnx ?? mod.default!.onnx;

export const OPSET = 13;
/** IR version 7 is the one that goes with opset 13 (ONNX 1.8). */
export const IR_VERSION = 7;
export const INPUT = 'input';
export const OUTPUT = 'probabilities';

/** What the file says about itself: the input's meaning and the output's. */
export function docString(name: string, arch: string, endsInSoftmax: boolean): string {
  return [
    `Digit Lab model “${name}” (${arch}), exported from tfjs by Digit Lab.`,
    `Input “${INPUT}”: float32 [N, 28, 28, 1] (batch, row, column, channel), pixel values 0..1, white ink (1) on black (0) as in MNIST: the digit scaled so its longer side is 20 px and centred by its centre of mass.`,
    endsInSoftmax ? `Output “${OUTPUT}”: float32 [N, 10], the probability of each digit 0–9 (softmax).` : `Output “${OUTPUT}”: float32 [N, 10], the model's last layer for digits 0–9 (it has no softmax, so these are not normalised).`,
  ].join('\n');
}

function attribute(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('ints' in a) return { name, type: T.INTS, ints: a.ints };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  return { name, type: T.INT, i: a.i };
}

function valueInfo(name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

/** Encodes a graph as a ModelProto; the value holding the result is renamed `probabilities`. */
export function encodeGraph(g: Graph, opts: { name: string; arch: string; metadata?: Record<string, string> }): Uint8Array {
  const rename = (v: string) => (v === g.output ? OUTPUT : v);
  const T = onnx.TensorProto.DataType;
  const model: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'Digit Lab',
    producerVersion: '1',
    docString: docString(opts.name, opts.arch, g.endsInSoftmax),
    metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: opts.arch.replace(/[^A-Za-z0-9_-]/g, '_') || 'digit_lab',
      docString: docString(opts.name, opts.arch, g.endsInSoftmax),
      node: g.nodes.map((n) => ({
        opType: n.op,
        name: n.name,
        input: n.inputs.map(rename),
        output: n.outputs.map(rename),
        attribute: Object.entries(n.attrs ?? {}).map(([k, a]) => attribute(k, a)),
      })),
      initializer: g.inits.map((t) =>
        t.float
          ? { name: t.name, dims: t.dims, dataType: T.FLOAT, rawData: new Uint8Array(t.float.buffer, t.float.byteOffset, t.float.byteLength) }
          : { name: t.name, dims: t.dims, dataType: T.INT64, int64Data: t.int64 },
      ),
      input: [valueInfo(INPUT, ['N', 28, 28, 1])],
      output: [valueInfo(OUTPUT, ['N', 10])],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

/** model.onnx for a LayersModel; throws OnnxExportError naming a layer it cannot export. */
export function exportOnnx(model: tf.LayersModel, opts: { name: string; arch: string; metadata?: Record<string, string> }): Uint8Array {
  return encodeGraph(buildGraph(model), opts);
}
