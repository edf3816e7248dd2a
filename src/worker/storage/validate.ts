/**
 * Strict validation of tfjs layers-format model files before anything is
 * stored or run: format, topology, manifest, byte lengths, shapes, NaN.
 */
import * as tf from '../tf';

export class ModelFileError extends Error {
  constructor(
    message: string,
    public code: 'model-missing' | 'model-corrupt',
    public file: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

/** Parses and checks model.json text; returns the pieces tf.io.fromMemory needs, minus weight bytes. */
export function parseModelJson(text: string, file = 'model.json'): { topology: object; groups: WeightsGroup[]; trainingConfig?: tf.io.TrainingConfig } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`${file} is not valid JSON (${(e as Error).message})`, 'model-corrupt', file);
  }
  const o = json as { format?: unknown; modelTopology?: unknown; weightsManifest?: unknown; trainingConfig?: tf.io.TrainingConfig };
  if (!o || typeof o !== 'object') throw new ModelFileError(`${file} is not a model file`, 'model-corrupt', file);
  if (o.format !== undefined && o.format !== 'layers-model') {
    throw new ModelFileError(`${file} is a "${String(o.format)}" model; Digit Lab needs a tfjs layers model`, 'model-corrupt', file);
  }
  const topo = o.modelTopology as { model_config?: unknown; class_name?: unknown } | undefined;
  if (!topo || typeof topo !== 'object') throw new ModelFileError(`${file} has no modelTopology`, 'model-corrupt', file);
  if (!Array.isArray(o.weightsManifest) || o.weightsManifest.length === 0) {
    throw new ModelFileError(`${file} has no weightsManifest`, 'model-corrupt', file);
  }
  const groups: WeightsGroup[] = [];
  for (const g of o.weightsManifest as WeightsGroup[]) {
    if (!g || !Array.isArray(g.paths) || !Array.isArray(g.weights) || g.paths.some((p) => typeof p !== 'string')) {
      throw new ModelFileError(`${file} has a malformed weightsManifest entry`, 'model-corrupt', file);
    }
    for (const w of g.weights) {
      if (typeof w.name !== 'string' || !Array.isArray(w.shape) || !(w.dtype in BYTES) || w.shape.some((d) => !Number.isInteger(d) || d < 0)) {
        throw new ModelFileError(`${file}: weight "${String(w?.name)}" has a bad name, shape or dtype`, 'model-corrupt', file);
      }
      if (w.quantization) throw new ModelFileError(`${file}: quantized weights are not supported`, 'model-corrupt', file);
    }
    groups.push(g);
  }
  return { topology: topo, groups, trainingConfig: o.trainingConfig };
}

/** Bytes a manifest group's weights occupy. */
export function groupBytes(g: WeightsGroup): number {
  return g.weights.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1) * BYTES[w.dtype], 0);
}

/** The base name of a manifest path ("./group1-shard1of1.bin" → "group1-shard1of1.bin"). */
export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * Checks model.json text and weight files by name and returns them as model
 * artifacts (topology, weight specs, weight bytes) without building anything.
 * Throws ModelFileError naming the bad file.
 */
export function artifactsFromFiles(modelJsonText: string, files: Map<string, ArrayBuffer>, modelFile = 'model.json'): tf.io.ModelArtifacts {
  const { topology, groups, trainingConfig } = parseModelJson(modelJsonText, modelFile);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const g of groups) {
    const bufs = g.paths.map((p) => {
      const b = files.get(baseName(p));
      if (!b) throw new ModelFileError(`Weights file ${baseName(p)} (listed in ${modelFile}) is missing`, 'model-missing', baseName(p));
      return new Uint8Array(b);
    });
    const have = bufs.reduce((a, b) => a + b.byteLength, 0);
    const want = groupBytes(g);
    if (have !== want) {
      const name = g.paths.map(baseName).join(', ');
      throw new ModelFileError(`${name} holds ${have} bytes but ${modelFile} describes ${want} (truncated or mismatched weights)`, 'model-corrupt', baseName(g.paths[0]));
    }
    specs.push(...g.weights);
    parts.push(...bufs);
  }
  const total = parts.reduce((a, b) => a + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    weightData.set(p, off);
    off += p.byteLength;
  }
  // NaN or infinite weights would make every answer garbage.
  let o2 = 0;
  for (const s of specs) {
    const n = s.shape.reduce((x, y) => x * y, 1);
    if (s.dtype === 'float32') {
      const f = new Float32Array(weightData.buffer, o2, n);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(f[i])) throw new ModelFileError(`Weight "${s.name}" contains NaN or infinite values`, 'model-corrupt', baseName(groups[0].paths[0]));
      }
    }
    o2 += n * BYTES[s.dtype];
  }
  return { modelTopology: topology, weightSpecs: specs, weightData: weightData.buffer, trainingConfig };
}

/** Builds a LayersModel from checked artifacts, checking its shapes. Throws ModelFileError naming `modelFile`. */
export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts, modelFile = 'model.json'): Promise<tf.LayersModel> {
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new ModelFileError(`${modelFile}: the topology could not be built (${(e as Error).message})`, 'model-corrupt', modelFile);
  }
  const problem = shapeProblem(model);
  if (problem) {
    model.dispose();
    throw new ModelFileError(`${modelFile}: ${problem}`, 'model-corrupt', modelFile);
  }
  return model;
}

/**
 * Builds a LayersModel from model.json text and weight files by name,
 * checking everything first. Throws ModelFileError naming the bad file.
 */
export async function modelFromFiles(modelJsonText: string, files: Map<string, ArrayBuffer>, modelFile = 'model.json'): Promise<tf.LayersModel> {
  return modelFromArtifacts(artifactsFromFiles(modelJsonText, files, modelFile), modelFile);
}

/** Digit Lab runs models that take one 28×28 image (or 784 values) and output 10 classes. */
export function shapeProblem(model: tf.LayersModel): string | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return 'the model must have exactly one input and one output';
  const ins = model.inputs[0].shape;
  const okIn = (ins.length === 4 && ins[1] === 28 && ins[2] === 28 && ins[3] === 1) || (ins.length === 2 && ins[1] === 784) || (ins.length === 3 && ins[1] === 28 && ins[2] === 28);
  if (!okIn) return `input shape ${JSON.stringify(ins)} is not 28×28×1 or 784`;
  const outs = model.outputs[0].shape;
  if (outs.length !== 2 || outs[1] !== 10) return `output shape ${JSON.stringify(outs)} is not 10 classes`;
  return null;
}

/** Reshapes a [n,28,28,1] batch to what the model's input wants. */
export function fitInput(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor {
  const s = model.inputs[0].shape;
  if (s.length === 2) return tf.reshape(x, [x.shape[0], 784]);
  if (s.length === 3) return tf.reshape(x, [x.shape[0], 28, 28]);
  return x;
}

/**
 * The model seen through a [n,28,28,1] input, whatever its own input shape
 * (784 or 28×28): a Reshape in front, sharing its weights. For code that feeds
 * image batches (evaluation); never dispose the view, it owns the model's layers.
 */
export function imageInput(model: tf.LayersModel): tf.LayersModel {
  const s = model.inputs[0].shape;
  if (s.length === 4) return model;
  const input = tf.input({ shape: [28, 28, 1] });
  const reshaped = tf.layers.reshape({ targetShape: s.slice(1) as number[] }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: model.apply(reshaped) as tf.SymbolicTensor });
}

/** Serialises a model to layers-format files: model.json text and one weights buffer. */
export async function modelToFiles(model: tf.LayersModel, weightsName = 'model.weights.bin'): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  let out: { modelJson: string; weights: ArrayBuffer } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weights = a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : new ArrayBuffer(0);
      const json = {
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [`./${weightsName}`], weights: a.weightSpecs ?? [] }],
      };
      out = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  return out!;
}
