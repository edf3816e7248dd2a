/**
 * Adam and RMSprop with each weight's update in three WebGL draws instead of
 * tfjs's ~14 (its RMSprop even computes the mean square twice): ~120 fewer
 * kernel launches per step for the default CNN's 11 weight tensors, most of
 * them tiny. Measured on llvmpipe it is worth ~1% (the convolutions dominate
 * there); the launches saved should count for more on a real GPU, not yet
 * measured. The state variables, their names and the maths are tfjs's own
 * (subclasses, so checkpoints and `getWeights`/`setWeights` are unchanged);
 * on any backend but WebGL they run tfjs's code as is.
 */
import * as tf from '../tf';

/** The WebGL backend's program runner (public in tfjs-backend-webgl, not in its types here). */
interface WebGLRunner {
  runWebGLProgram(program: Program, inputs: tf.TensorInfo[], dtype: 'float32', uniforms?: number[][]): tf.TensorInfo;
}

interface Program {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: { name: string; type: 'float' }[];
}

/** An element-wise packed program over same-shaped inputs, constants as uniforms (so it compiles once per shape). */
function program(inputs: string[], uniforms: string[], shape: number[], body: string): Program {
  return {
    variableNames: inputs,
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: uniforms.map((name) => ({ name, type: 'float' })),
    userCode: `void main() {
  ${inputs.map((n) => `vec4 ${n.toLowerCase()} = get${n}AtOutCoords();`).join('\n  ')}
  setOutput(${body});
}`,
  };
}

function run(p: Program, inputs: tf.Tensor[], uniforms: number[]): tf.Tensor {
  const backend = tf.backend() as unknown as WebGLRunner;
  const out = backend.runWebGLProgram(p, inputs, 'float32', uniforms.map((u) => [u]));
  return tf.engine().makeTensorFromTensorInfo(out);
}

const onWebGL = () => tf.getBackend() === 'webgl';

type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];
const names = (g: Grads) => (Array.isArray(g) ? g.map((v) => v.name) : Object.keys(g));
const gradOf = (g: Grads, name: string, i: number): tf.Tensor | undefined => (Array.isArray(g) ? g[i].tensor : g[name]);
const stateVariable = (value: tf.Variable) => tf.tidy(() => tf.zerosLike(value).variable(false));

/** What the subclasses read of tfjs's optimizers' protected state. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

interface RmsState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: { originalName: string; variable: tf.Variable }[];
  accumulatedMoments: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(grads: Grads): void {
    if (!onWebGL()) return super.applyGradients(grads);
    const s = this as unknown as AdamState;
    // tfjs keeps accBeta = beta^(steps + 1) on the GPU; the same from the step count here, so no read-back.
    const c1 = 1 - s.beta1 ** (this.iterations + 1);
    const c2 = 1 - s.beta2 ** (this.iterations + 1);
    tf.tidy(() => {
      names(grads).forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: stateVariable(value) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: stateVariable(value) };
        const g = gradOf(grads, name, i);
        if (g == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const shape = value.shape;
        const m2 = run(program(['M', 'G'], ['u_beta'], shape, 'u_beta * m + (1.0 - u_beta) * g'), [m, g], [s.beta1]);
        const v2 = run(program(['V', 'G'], ['u_beta'], shape, 'u_beta * v + (1.0 - u_beta) * g * g'), [v, g], [s.beta2]);
        // Padding lanes of a packed texture may hold anything: max() keeps sqrt from making NaNs there.
        const x2 = run(program(['X', 'M', 'V'], ['u_lr', 'u_c1', 'u_c2', 'u_eps'], shape, 'x - u_lr * (m / u_c1) / (sqrt(max(v / u_c2, vec4(0.0))) + u_eps)'), [value, m2, v2], [s.learningRate, c1, c2, s.epsilon]);
        m.assign(m2);
        v.assign(v2);
        value.assign(x2);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}

export class FusedRMSProp extends tf.RMSPropOptimizer {
  override applyGradients(grads: Grads): void {
    const s = this as unknown as RmsState;
    if (!onWebGL() || s.centered) return super.applyGradients(grads);
    tf.tidy(() => {
      names(grads).forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        s.accumulatedMeanSquares[i] ??= { originalName: `${name}/rms`, variable: stateVariable(value) };
        s.accumulatedMoments[i] ??= { originalName: `${name}/momentum`, variable: stateVariable(value) };
        const g = gradOf(grads, name, i);
        if (g == null) return;
        const ms = s.accumulatedMeanSquares[i].variable;
        const mom = s.accumulatedMoments[i].variable;
        const shape = value.shape;
        const ms2 = run(program(['MS', 'G'], ['u_decay'], shape, 'u_decay * ms + (1.0 - u_decay) * g * g'), [ms, g], [s.decay]);
        const mom2 = run(program(['MOM', 'G', 'MS'], ['u_momentum', 'u_lr', 'u_eps'], shape, 'u_momentum * mom + u_lr * g / sqrt(max(ms, vec4(0.0)) + u_eps)'), [mom, g, ms2], [s.momentum, s.learningRate, s.epsilon]);
        const x2 = run(program(['X', 'MOM'], [], shape, 'x - mom'), [value, mom2], []);
        ms.assign(ms2);
        mom.assign(mom2);
        value.assign(x2);
      });
    });
    s.incrementIterations();
  }
}

/**
 * Runs the fused optimizers and tfjs's side by side for a few steps on the
 * current backend, on weights shaped like the CNN's (odd sizes included, for
 * packed textures' padding), and returns the largest difference in the
 * weights for each. The benchmark runs it on WebGL before timing anything.
 */
export function compareWithTfjs(steps = 6): { backend: string; adam: number; rmsprop: number } {
  const shapes = [[3, 3, 1, 16], [16], [3, 3, 16, 32], [576, 10], [10], [5], [7, 3]];
  const pairs = [
    ['adam', () => new FusedAdam(0.01, 0.9, 0.999), () => tf.train.adam(0.01)],
    ['rmsprop', () => new FusedRMSProp(0.01, 0.9, 0, 1e-7), () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7)],
  ] as const;
  const out = { backend: tf.getBackend(), adam: NaN, rmsprop: NaN };
  for (const [name, fused, stock] of pairs) {
    const init = shapes.map((s, k) => tf.randomNormal(s, 0, 1, 'float32', k + 1));
    const a = init.map((t) => tf.tidy(() => tf.variable(t.clone())));
    const b = init.map((t) => tf.tidy(() => tf.variable(t.clone())));
    const oa = fused();
    const ob = stock();
    const loss = (vs: tf.Variable[]) => () => tf.addN(vs.map((v, k) => tf.sum(tf.mul(tf.square(tf.sub(v, 0.3 * k)), k + 1)))) as tf.Scalar;
    for (let i = 0; i < steps; i++) {
      oa.minimize(loss(a), true)?.dispose();
      ob.minimize(loss(b), true)?.dispose();
    }
    out[name] = Math.max(...a.map((v, k) => tf.tidy(() => tf.max(tf.abs(tf.sub(v, b[k]))).dataSync()[0])));
    tf.dispose([...init, ...a, ...b]);
    oa.dispose();
    ob.dispose();
  }
  return out;
}
