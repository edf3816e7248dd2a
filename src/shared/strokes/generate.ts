/**
 * Stroke-digit sets: many writers each drawing 0–9 in the styles of styles.ts,
 * as the points the canvas records. Seeded and deterministic. The held-out
 * part (HELD_OUT) is fixed and never trained on; the train part draws its
 * writers and drawings from another seed stream, so no seed given to it can
 * reproduce a held-out drawing. Bad options and drawings that would be empty
 * or leave the canvas are errors that name the cause, never skipped.
 */
import { LINE_WIDTH_RATIO, MNIST_SIZE, strokesToInput, type Stroke } from '../preprocess';
import { rng } from '../rng';
import { STYLES, STYLES_BY_DIGIT } from './styles';
import { forDrawing, penDown, sampleWriter, type Device } from './writer';

export type Part = 'held-out' | 'train';

export interface StrokeSetOptions {
  part: Part;
  /** 32-bit unsigned integer. */
  seed: number;
  /** Number of drawings: a positive multiple of 10 (the same number of each digit). */
  count: number;
  /** Digit height as a fraction of the canvas side, for every drawing, instead of each writer's own. */
  size?: number;
  /**
   * Only this style (an id from styles.ts): every drawing is that style's digit, each by its own writer, and
   * `count` may be any positive whole number. For weighting a style in a train part (the European 1 against
   * MNIST's 7s); a set of one style draws from a seed stream of its own, so it never repeats a mixed set's drawing.
   */
  style?: string;
}

export interface StrokeDigit {
  index: number;
  label: number;
  /** Style id from styles.ts. */
  style: string;
  /** Which writer of the set drew it (ten drawings each, one per digit; one each in a set of one style). */
  writer: number;
  device: Device;
  /** Canvas side, CSS px: the strokes' coordinate space, as the app's `strokesToInput(strokes, viewSize)` takes it. */
  viewSize: number;
  strokes: Stroke[];
}

/** The held-out stroke set: fixed. Changing it makes every stroke accuracy recorded so far incomparable. */
export const HELD_OUT: Readonly<StrokeSetOptions> = Object.freeze({ part: 'held-out', seed: 16, count: 2500 });

/** A generator option or drawing that cannot be used; the message names it. */
export class StrokeSetError extends Error {
  override name = 'StrokeSetError';
}

const PART_TAG: Record<Part, number> = { 'held-out': 0x48454c44, train: 0x54524e31 };
const STYLE_TAG = 0x5354594c;

/** One 32-bit seed from several numbers (murmur3's finaliser over a running mix). */
export function mixSeed(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Throws StrokeSetError unless the options make a usable set. */
export function checkOptions(o: StrokeSetOptions): void {
  if (!(o.part in PART_TAG)) throw new StrokeSetError(`part "${o.part}" is not one of: held-out, train`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw new StrokeSetError(`seed ${o.seed} is not a whole number from 0 to 4294967295`);
  if (o.style !== undefined) {
    if (o.part === 'held-out') throw new StrokeSetError(`style "${o.style}": the held-out set is fixed and has every style; only a train part can be of one style`);
    if (!STYLES.some((st) => st.id === o.style)) throw new StrokeSetError(`style "${o.style}" is not one of: ${STYLES.map((st) => st.id).join(', ')}`);
    if (!Number.isInteger(o.count) || o.count <= 0) throw new StrokeSetError(`count ${o.count} is not a positive whole number`);
  } else if (!Number.isInteger(o.count) || o.count <= 0 || o.count % 10 !== 0) {
    throw new StrokeSetError(`count ${o.count} is not a positive multiple of 10: a set has the same number of each digit`);
  }
  if (o.size !== undefined && !(Number.isFinite(o.size) && o.size > 0)) throw new StrokeSetError(`size ${o.size} is not a positive fraction of the canvas`);
}

/** Drawing `index` of a set (checked: not empty, inside the canvas). */
export function strokeDigit(o: StrokeSetOptions, index: number): StrokeDigit {
  checkOptions(o);
  const only = o.style === undefined ? undefined : STYLES.find((st) => st.id === o.style)!;
  // A set of one style has a seed stream of its own (the style's place in STYLES mixed into the part's tag).
  const tag = only ? mixSeed(PART_TAG[o.part], STYLE_TAG, STYLES.indexOf(only)) : PART_TAG[o.part];
  const writer = only ? index : Math.floor(index / 10);
  const label = only ? only.digit : index % 10;
  const styles = STYLES_BY_DIGIT[label];
  // Each writer has one style per digit; over the writers of a set, a digit's styles take turns.
  const style = only ?? styles[(writer + mixSeed(tag, o.seed, label)) % styles.length];
  const hand = sampleWriter(rng(mixSeed(tag, o.seed, 1, writer)));
  const r = rng(mixSeed(tag, o.seed, 2, index));
  const w = forDrawing(hand, r, o.size);
  const strokes = penDown(style.draw((lo, hi) => lo + (hi - lo) * r()), w, r);
  const digit: StrokeDigit = { index, label, style: style.id, writer, device: w.device, viewSize: w.viewSize, strokes };
  checkDrawing(digit, o, w.size);
  return digit;
}

/** A whole set, balanced: `count / 10` drawings of each digit (or `count` of one style). */
export function strokeSet(o: StrokeSetOptions): StrokeDigit[] {
  checkOptions(o);
  return Array.from({ length: o.count }, (_, i) => strokeDigit(o, i));
}

/** The held-out set (2,500 drawings, 250 writers). */
export function heldOutSet(): StrokeDigit[] {
  return strokeSet(HELD_OUT);
}

function checkDrawing(d: StrokeDigit, o: StrokeSetOptions, size: number): void {
  const what = `stroke digit ${d.index} (a ${d.label}, style ${d.style}) of the ${o.part} set with seed ${o.seed}`;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of d.strokes) {
    for (const p of s) {
      if (!(p.x >= 0 && p.x <= d.viewSize && p.y >= 0 && p.y <= d.viewSize)) {
        throw new StrokeSetError(`${what} leaves the ${d.viewSize} px canvas at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}): size ${+size.toFixed(3)} of the canvas is too large`);
      }
      [x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x), Math.max(y1, p.y)];
    }
  }
  const extent = Math.max(x1 - x0, y1 - y0);
  const line = d.viewSize * LINE_WIDTH_RATIO;
  if (!(extent >= line)) {
    throw new StrokeSetError(`${what} is empty: its ink spans ${Number.isFinite(extent) ? extent.toFixed(1) : 0} px, less than one line width (${line.toFixed(1)} px); size ${+size.toFixed(3)} of the canvas is too small`);
  }
}

/** The network inputs of a set, made by the app's own `strokesToInput`: N×784 floats 0..1 and N labels. */
export function toInputs(set: readonly StrokeDigit[]): { images: Float32Array; labels: Uint8Array } {
  const px = MNIST_SIZE * MNIST_SIZE;
  const images = new Float32Array(set.length * px);
  const labels = new Uint8Array(set.length);
  set.forEach((d, i) => {
    const img = strokesToInput(d.strokes, d.viewSize);
    if (!img) throw new StrokeSetError(`stroke digit ${d.index} (style ${d.style}) gives no image: strokesToInput found no ink`);
    images.set(img, i * px);
    labels[i] = d.label;
  });
  return { images, labels };
}
