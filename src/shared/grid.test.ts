import { describe, expect, it } from 'vitest';
import { atlasColumns, extrudeGutters, gridLayout, tileAt, tileOrigin, vectorShape } from './grid';

describe('grid layout', () => {
  it('fits as many columns as the minimum tile allows, then grows tiles to the width', () => {
    // (300 + 4) / (40 + 4) = 6.9 → 6 columns; (300 - 5*4) / 6 = 46.67 → 46 px tiles.
    const g = gridLayout(16, 300, { minTile: 40, maxTile: 80, gap: 4 });
    expect(g).toMatchObject({ cols: 6, rows: 3, tile: 46, gap: 4 });
    expect(g.width).toBe(6 * 46 + 5 * 4);
    expect(g.width).toBeLessThanOrEqual(300);
    expect(g.height).toBe(3 * 46 + 2 * 4);
  });

  it('balances rows instead of leaving a short last row', () => {
    // 14 fit at 34 px, but 16 tiles go as two rows of 8, which lets them grow.
    const g = gridLayout(16, 556, { minTile: 34, maxTile: 64, gap: 4 });
    expect(g).toMatchObject({ cols: 8, rows: 2, tile: 64 });
  });

  it('never uses more columns than tiles, and caps the tile size', () => {
    const g = gridLayout(2, 1000, { minTile: 20, maxTile: 100, gap: 8 });
    expect(g).toMatchObject({ cols: 2, rows: 1, tile: 100, width: 208, height: 100 });
  });

  it('keeps one column in a too-narrow width, and is empty for no tiles', () => {
    expect(gridLayout(5, 10, { minTile: 40, maxTile: 80, gap: 4 })).toMatchObject({ cols: 1, rows: 5, tile: 10 });
    expect(gridLayout(0, 300, { minTile: 40, maxTile: 80, gap: 4 })).toMatchObject({ cols: 0, rows: 0, width: 0, height: 0 });
  });

  it('honours forced columns (one per input channel)', () => {
    const g = gridLayout(32 * 16, 400, { minTile: 4, maxTile: 40, gap: 1, cols: 16 });
    expect(g).toMatchObject({ cols: 16, rows: 32, tile: 24 });
  });

  it('places tiles and finds the tile under a point, not in the gaps', () => {
    const g = gridLayout(7, 100, { minTile: 20, maxTile: 20, gap: 5 });
    expect(g.cols).toBe(4);
    expect(tileOrigin(g, 5)).toEqual({ x: 25, y: 25 });
    expect(tileAt(g, 26, 30)).toBe(5);
    expect(tileAt(g, 21, 5)).toBe(-1); // gap
    expect(tileAt(g, 80, 30)).toBe(-1); // row 1, col 3 → index 7 does not exist
    expect(tileAt(g, -1, 0)).toBe(-1);
    for (let i = 0; i < 7; i++) {
      const { x, y } = tileOrigin(g, i);
      expect(tileAt(g, x + g.tile - 1, y)).toBe(i);
    }
  });

  it('arranges atlases and vectors near-square', () => {
    expect(atlasColumns(16)).toBe(4);
    expect(atlasColumns(17)).toBe(5);
    expect(vectorShape(784)).toEqual([28, 28]);
    expect(vectorShape(128)).toEqual([11, 12]);
    expect(vectorShape(10)).toEqual([3, 4]);
  });
});

describe('extrudeGutters', () => {
  it('surrounds each tile with copies of its own edge pixels, never a neighbour’s', () => {
    // Two 2×2 tiles side by side in a 1-pixel-gutter atlas (8×4 pixels): tile 0 all red 10, tile 1 all red 200.
    const W = 8;
    const px = new Uint8ClampedArray(W * 4 * 4);
    const set = (x: number, y: number, v: number) => px.set([v, 0, 0, 255], (y * W + x) * 4);
    for (let y = 1; y <= 2; y++) {
      set(1, y, 10);
      set(2, y, 10);
      set(5, y, 200);
      set(6, y, 200);
    }
    extrudeGutters(px, W, 2, 2, 2, 2);
    const red = (x: number, y: number) => px[(y * W + x) * 4];
    // Tile 0's gutter (x 0..3, y 0..3) is all 10; tile 1's (x 4..7) all 200.
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) expect(red(x, y), `${x},${y}`).toBe(10);
      for (let x = 4; x < 8; x++) expect(red(x, y), `${x},${y}`).toBe(200);
    }
  });
});
