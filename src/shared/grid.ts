/** Grid layout maths for tiles of maps and kernels: columns, rows and tile size for a width, and hit testing. */

export interface GridOptions {
  /** Smallest and largest tile side, CSS px. */
  minTile: number;
  maxTile: number;
  /** Space between tiles, CSS px. */
  gap: number;
  /** Force this many columns (e.g. one per input channel); the tile shrinks to fit. */
  cols?: number;
}

export interface GridLayout {
  count: number;
  cols: number;
  rows: number;
  /** Tile side, CSS px (whole pixels). */
  tile: number;
  gap: number;
  /** Size of the whole grid, CSS px. */
  width: number;
  height: number;
}

/** Lays out `count` square tiles in `width`: as many columns as fit at `minTile`, each as large as fits up to `maxTile`. */
export function gridLayout(count: number, width: number, o: GridOptions): GridLayout {
  const n = Math.max(0, Math.floor(count));
  const gap = Math.max(0, o.gap);
  const fit = Math.floor((Math.max(0, width) + gap) / (o.minTile + gap));
  let cols = n === 0 ? 0 : Math.max(1, Math.min(n, o.cols ?? fit));
  const rows = cols === 0 ? 0 : Math.ceil(n / cols);
  // Balance the rows (16 tiles where 14 fit: two rows of 8, not 14 + 2), which also lets tiles grow.
  if (o.cols === undefined && rows > 0) cols = Math.ceil(n / rows);
  const room = cols === 0 ? 0 : (width - gap * (cols - 1)) / cols;
  const tile = Math.max(1, Math.floor(Math.min(o.maxTile, room)));
  return {
    count: n,
    cols,
    rows,
    tile,
    gap,
    width: cols === 0 ? 0 : cols * tile + (cols - 1) * gap,
    height: rows === 0 ? 0 : rows * tile + (rows - 1) * gap,
  };
}

/** Top-left corner of tile `i`, CSS px. */
export function tileOrigin(g: GridLayout, i: number): { x: number; y: number } {
  const col = i % g.cols;
  const row = Math.floor(i / g.cols);
  return { x: col * (g.tile + g.gap), y: row * (g.tile + g.gap) };
}

/** The tile under (x, y), or -1 over a gap or outside. */
export function tileAt(g: GridLayout, x: number, y: number): number {
  if (g.cols === 0 || x < 0 || y < 0) return -1;
  const step = g.tile + g.gap;
  const col = Math.floor(x / step);
  const row = Math.floor(y / step);
  if (col >= g.cols || row >= g.rows || x - col * step >= g.tile || y - row * step >= g.tile) return -1;
  const i = row * g.cols + col;
  return i < g.count ? i : -1;
}

/** Columns of a compact, near-square atlas of `count` tiles. */
export function atlasColumns(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(count)));
}

/** Near-square arrangement [rows, cols] for a vector of `n` units drawn as an image (784 → 28×28). */
export function vectorShape(n: number): [number, number] {
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  return [Math.max(1, Math.ceil(n / cols)), cols];
}

/**
 * Fills the one-pixel gutter around every tile of an RGBA atlas with the
 * tile's own edge pixels. A canvas may sample a little outside the source
 * rectangle when it scales a tile up (Chromium draws sub-rectangles without
 * clamping to them), so without a gutter each tile's edge picked up a thin
 * line of its neighbour's colour: the bright lines on the tile edges of the
 * last conv layer's 7×7 maps. Tiles sit at (col·(w+2)+1, row·(h+2)+1).
 */
export function extrudeGutters(px: Uint8ClampedArray, atlasWidth: number, count: number, cols: number, w: number, h: number): void {
  const copy = (fromX: number, fromY: number, toX: number, toY: number) => {
    const a = (fromY * atlasWidth + fromX) * 4;
    const b = (toY * atlasWidth + toX) * 4;
    px[b] = px[a];
    px[b + 1] = px[a + 1];
    px[b + 2] = px[a + 2];
    px[b + 3] = px[a + 3];
  };
  for (let i = 0; i < count; i++) {
    const x0 = (i % cols) * (w + 2) + 1;
    const y0 = Math.floor(i / cols) * (h + 2) + 1;
    for (let x = 0; x < w; x++) {
      copy(x0 + x, y0, x0 + x, y0 - 1);
      copy(x0 + x, y0 + h - 1, x0 + x, y0 + h);
    }
    for (let y = -1; y <= h; y++) {
      copy(x0, y0 + y, x0 - 1, y0 + y);
      copy(x0 + w - 1, y0 + y, x0 + w, y0 + y);
    }
  }
}
