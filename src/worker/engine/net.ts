/**
 * The plain-JS engine: a model's layers compiled once into a list of steps
 * over preallocated Float32Arrays, run for one image at a time. It answers
 * predictions and feature maps in a few ms where tfjs's CPU backend takes
 * ~100 ms (see ops.ts). No tfjs here: the infer worker can answer with it
 * before tfjs has even loaded.
 *
 * It knows the zoo's layer types and the common ones of imported models
 * (listed in layers.ts `compileLayer`). A model with any other layer, a branch, or a layer
 * with settings it does not handle is refused with the reason (`Unsupported`);
 * the caller then falls back to tfjs (models/twin.ts), so imported models
 * keep working, only slower.
 */
import { bnAffine, compileLayer, IDENTITY, reshaped, size } from './layers';
import { Unsupported, type NetDesc, type Shape, type Step, type Value } from './types';

export { Unsupported, type LayerDesc, type NetDesc } from './types';

/** What one run gives: the model's output and each layer's output by layer name (NHWC, no batch axis). */
export interface NetRun {
  output: Float32Array;
  activations: Map<string, Float32Array>;
}

/** A compiled model. `run` reuses its buffers: what it returns is valid until the next run. */
export class PlainNet {
  private constructor(
    private input: Float32Array,
    private steps: Step[],
    private outputValue: Float32Array,
    private values: Map<string, Float32Array>,
    /** Each layer's output shape (no batch axis), for reading `activations`. */
    readonly shapes: Map<string, Shape>,
    /** Multiply-adds per image (convs and dense layers), what a run's time scales with. */
    readonly macs: number,
  ) {}

  /** Values in the output (10 for a digit classifier). */
  get outputSize(): number {
    return this.outputValue.length;
  }

  /** Compiles a model description, or throws `Unsupported`. */
  static compile(desc: NetDesc): PlainNet {
    const consumers = new Map<string, number>();
    for (const l of desc.layers) if (l.inbound) consumers.set(l.inbound, (consumers.get(l.inbound) ?? 0) + 1);
    const first = desc.layers[0];
    if (!first || first.inbound !== null || first.className !== 'InputLayer') throw new Unsupported(first?.name ?? '?', 'the model must start with its input layer');
    const inShape = (first.config.batchInputShape as (number | null)[] | undefined)?.slice(1) as Shape | undefined;
    if (!inShape || inShape.some((d) => !Number.isInteger(d)) || size(inShape) !== 784) throw new Unsupported(first.name, 'the input must be 784 values (28×28×1, 28×28 or 784)');
    const input = new Float32Array(784);
    const steps: Step[] = [];
    const values = new Map<string, Value>([[first.name, { buf: input, shape: inShape }]]);
    // The conv step whose output is `name`'s, while nothing else has read it (batch norm can still fold in).
    let foldable: { name: string; step: Step } | null = null;
    let macs = 0;
    for (const l of desc.layers.slice(1)) {
      const src = l.inbound ? values.get(l.inbound) : undefined;
      if (!src) throw new Unsupported(l.name, l.className === 'InputLayer' ? 'the model has more than one input' : 'it does not read from exactly one earlier layer');
      if (l.className === 'BatchNormalization' && foldable?.name === l.inbound && consumers.get(l.inbound) === 1) {
        foldable.step.fold!(bnAffine(l, src.shape));
        // The conv's own (pre-norm) output is never computed: only the normalised one exists.
        values.delete(l.inbound);
        values.set(l.name, src);
        foldable = null;
        continue;
      }
      if (IDENTITY.has(l.className)) {
        // Same buffer: Flatten and Reshape keep tfjs's row-major (NHWC) order, so the values do not move.
        values.set(l.name, { buf: src.buf, shape: reshaped(l, src.shape) });
        continue;
      }
      const { step, shape, macs: m } = compileLayer(l, src);
      macs += m ?? 0;
      const buf = step.out;
      steps.push(step);
      values.set(l.name, { buf, shape });
      foldable = step.fold ? { name: l.name, step } : null;
    }
    const out = values.get(desc.output);
    if (!out) throw new Unsupported(desc.output, 'the output layer was not reached');
    return new PlainNet(
      input,
      steps,
      out.buf,
      new Map([...values].map(([k, v]) => [k, v.buf])),
      new Map([...values].map(([k, v]) => [k, v.shape])),
      macs,
    );
  }

  /** Runs one image (784 values, row-major 28×28); the activations include the input layer's. */
  run(image: Float32Array): NetRun {
    if (image.length !== 784) throw new RangeError('an image is 784 values');
    this.input.set(image);
    for (const s of this.steps) s.run();
    return { output: this.outputValue, activations: this.values };
  }

  /** The output (class probabilities) for one image, copied. */
  predict(image: Float32Array): Float32Array {
    return new Float32Array(this.run(image).output);
  }
}

