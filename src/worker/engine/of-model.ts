/** The plain-JS engine of a loaded model, compiled once per model object (its weights never change in place). */
import * as tf from '../tf';
import { describeJson, describeModel, weightsByName } from './describe';
import { PlainNet, Unsupported } from './net';

const nets = new WeakMap<tf.LayersModel, Promise<PlainNet | null>>();

/**
 * The engine for `model`, or null when it has a layer the engine does not know:
 * then the caller uses tfjs (a CPU twin or the model itself), slower but complete.
 */
export function plainNetOf(model: tf.LayersModel): Promise<PlainNet | null> {
  let made = nets.get(model);
  if (!made) {
    made = describeModel(model).then((d) => PlainNet.compile(d)).catch((e: unknown) => {
      if (e instanceof Unsupported) console.info(`[digit-lab] “${model.name}” runs on tfjs, not the plain-JS engine: ${e.message}`);
      else console.warn('[digit-lab] the plain-JS engine could not be built; using tfjs', e);
      return null;
    });
    nets.set(model, made);
  }
  return made;
}

/** The engine straight from a model's files (no tfjs model, no GPU readback), or null when it cannot run them. */
export function plainNetFromArtifacts(artifacts: tf.io.ModelArtifacts): PlainNet | null {
  try {
    if (!artifacts.weightSpecs || !artifacts.weightData) return null;
    const bytes = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    return PlainNet.compile(describeJson(artifacts.modelTopology, weightsByName(artifacts.weightSpecs, bytes)));
  } catch (e) {
    if (e instanceof Unsupported) console.info(`[digit-lab] the model runs on tfjs, not the plain-JS engine: ${e.message}`);
    else console.warn('[digit-lab] the plain-JS engine could not read the model files; using tfjs', e);
    return null;
  }
}
