/** Numbers about a zoo architecture computed from its layer specs alone (no tfjs), for the page to show. */
import type { ArchSpec, LayerSpec } from './zoo';

type Shape = { h: number; w: number; c: number } | { n: number };

/** One layer's output shape and trainable-plus-statistics parameter count. */
export interface LayerStat {
  layer: LayerSpec;
  params: number;
  /** Output as [h, w, c] for images, [n] once flat. */
  output: number[];
}

const flat = (s: Shape): number => ('n' in s ? s.n : s.h * s.w * s.c);

/** Walks the layers the way the worker builds them (28×28×1 input, pool stride = size, BN adds 4 per channel). */
export function layerStats(spec: ArchSpec): LayerStat[] {
  let shape: Shape = spec.input === 'flat' ? { n: 784 } : { h: 28, w: 28, c: 1 };
  const out: LayerStat[] = [];
  for (const layer of spec.layers) {
    let params = 0;
    switch (layer.type) {
      case 'conv': {
        if ('n' in shape) throw new Error(`${spec.id}: conv after flatten`);
        const bn = !!layer.batchNorm;
        const bias = layer.useBias ?? !bn;
        params = layer.kernel * layer.kernel * shape.c * layer.filters + (bias ? layer.filters : 0) + (bn ? 4 * layer.filters : 0);
        const shrink = (layer.padding ?? 'same') === 'valid' ? layer.kernel - 1 : 0;
        shape = { h: shape.h - shrink, w: shape.w - shrink, c: layer.filters };
        break;
      }
      case 'maxpool':
        if ('n' in shape) throw new Error(`${spec.id}: pooling after flatten`);
        shape = { h: Math.floor(shape.h / layer.size), w: Math.floor(shape.w / layer.size), c: shape.c };
        break;
      case 'dropout':
        break;
      case 'flatten':
        shape = { n: flat(shape) };
        break;
      case 'dense': {
        // tfjs applies a dense layer to the last axis only; every zoo model flattens first.
        const inputs = 'n' in shape ? shape.n : shape.c;
        params = inputs * layer.units + layer.units;
        shape = 'n' in shape ? { n: layer.units } : { ...shape, c: layer.units };
        break;
      }
    }
    out.push({ layer, params, output: 'n' in shape ? [shape.n] : [shape.h, shape.w, shape.c] });
  }
  return out;
}

/** Total parameters, counting batch norm's 4 per channel (γ, β and the moving mean and variance), as tfjs's countParams does. */
export function paramCount(spec: ArchSpec): number {
  return layerStats(spec).reduce((sum, l) => sum + l.params, 0);
}

/** "29.4K", "623K", "1.2M": short parameter counts for labels. */
export function formatParams(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e5) return `${Math.round(n / 100) / 10}K`;
  if (n < 1e6) return `${Math.round(n / 1000)}K`;
  return `${Math.round(n / 1e4) / 100}M`;
}
