/** Human names for layers ("Conv 2", "Pool 1") and helpers to turn feature maps into tiles. */
import { DIVERGING, MAGMA, scaleRange, valueRange, type ColorMap, type Range } from '../../shared/colormap';
import { vectorShape } from '../../shared/grid';
import type { FeatureMap, InspectLayer, ModelLayout } from '../../shared/inspect-types';

export interface LayerTitle {
  title: string;
  detail: string;
  /** Something about this layer's maps that would otherwise look like a fault. */
  note?: string;
}

const KIND_NAME = { conv: 'Conv', pool: 'Pool', dense: 'Dense' } as const;

/** "Conv 1", "Pool 1", … numbered per kind, with a one-line description. */
export function layerTitles(layout: ModelLayout): Map<string, LayerTitle> {
  const n = { conv: 0, pool: 0, dense: 0 };
  const out = new Map<string, LayerTitle>();
  layout.layers.forEach((l, i) => {
    n[l.kind]++;
    const title = l.isOutput ? 'Output' : `${KIND_NAME[l.kind]} ${n[l.kind]}`;
    const t: LayerTitle = { title, detail: `${shapeText(l)} · ${l.parts.join(' → ')}` };
    // Measured on the shipped model (scripts/measure/edges.measure.ts): its 7×7 conv 5 averages ~1.0 on the last row and column, ~0.2 elsewhere.
    const next = layout.layers[i + 1];
    const [h, w] = l.outputShape;
    if (l.kind === 'conv' && next?.kind === 'pool' && l.outputShape.length === 3 && (h % 2 === 1 || w % 2 === 1)) {
      t.note = `The bright last row and column are real: the 2×2 pooling after this layer drops them (${h} is odd), so they never reach the answer and nothing trained them to stay quiet beside the zero padding.`;
    }
    out.set(l.name, t);
  });
  return out;
}

/** "16 maps of 28×28" or "128 units". */
export function shapeText(l: InspectLayer): string {
  const s = l.outputShape;
  return s.length === 3 ? `${s[2]} maps of ${s[0]}×${s[1]}` : `${s[0]} units`;
}

/** Feature-map values as tiles: [c,h,w] maps as c tiles; a dense vector as one near-square tile (padded). */
export interface Tiles {
  data: Float32Array;
  count: number;
  h: number;
  w: number;
}

export function mapTiles(m: FeatureMap): Tiles {
  if (m.shape.length === 3) return { data: m.data, count: m.shape[0], h: m.shape[1], w: m.shape[2] };
  const [h, w] = vectorShape(m.data.length);
  const data = new Float32Array(h * w).fill(NaN);
  data.set(m.data);
  return { data, count: 1, h, w };
}

/** Activations: magma over [0, max] when nothing is negative (after ReLU), else the diverging scale around zero. */
export function activationScale(data: Float32Array): { map: ColorMap; range: Range } {
  const r = valueRange(data);
  if (r.min >= 0) return { map: MAGMA, range: { min: 0, max: r.max } };
  return { map: DIVERGING, range: scaleRange(r, 'diverging') };
}

/** Index of the largest value. */
export function argmax(a: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
}

/** Averages [out, in, kh, kw] kernels over the input channels → [out, kh, kw]. */
export function meanOverInputs(data: Float32Array, shape: number[]): Float32Array {
  const [out, inC, kh, kw] = shape;
  const k = kh * kw;
  const r = new Float32Array(out * k);
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < inC; c++) {
      const base = (o * inC + c) * k;
      for (let j = 0; j < k; j++) r[o * k + j] += data[base + j] / inC;
    }
  }
  return r;
}

/** Cosine similarity of two codes, in -1..1 (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
