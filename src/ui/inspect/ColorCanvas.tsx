/**
 * Tiles of values (maps, kernels, images) painted through a colour map into
 * one <canvas>, with crisp upscaled pixels. The grid fits the container's
 * width; hovering or tapping a tile reports its index.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { colorize, type ColorMap, type Range } from '../../shared/colormap';
import { atlasColumns, extrudeGutters, gridLayout, tileAt, tileOrigin } from '../../shared/grid';
import { useElementWidth } from './hooks';
import type { Tiles } from './labels';
import { context2d } from '../common/canvas';

/** Padding cells (NaN) take the page's colour. */
const EMPTY: readonly [number, number, number] = [11, 14, 29];

export interface ColorCanvasProps {
  tiles: Tiles;
  map: ColorMap;
  range: Range;
  minTile: number;
  maxTile: number;
  gap?: number;
  /** Force this many columns. */
  cols?: number;
  /** A short label drawn in each tile's corner (when tiles are big enough). */
  captions?: string[];
  selected?: number | null;
  onHover?(index: number | null): void;
  onPick?(index: number): void;
  ariaLabel: string;
  testId?: string;
}

export function ColorCanvas({ tiles, map, range, minTile, maxTile, gap = 3, cols, captions, selected = null, onHover, onPick, ariaLabel, testId }: ColorCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef);
  const layout = useMemo(() => gridLayout(tiles.count, width, { minTile, maxTile, gap, cols }), [tiles.count, width, minTile, maxTile, gap, cols]);
  const [atlas] = useState(() => (typeof document !== 'undefined' ? document.createElement('canvas') : null));

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !atlas || layout.cols === 0) return;
    const { count, h, w, data } = tiles;
    // 1. Every tile at its own resolution into a compact atlas, each in a 1-pixel gutter of its own edge colours (see extrudeGutters).
    const acols = atlasColumns(count);
    const arows = Math.ceil(count / acols);
    atlas.width = acols * (w + 2);
    atlas.height = arows * (h + 2);
    const actx = context2d(atlas);
    if (!actx) return;
    const img = actx.createImageData(atlas.width, atlas.height);
    for (let i = 0; i < count; i++) {
      const tx = (i % acols) * (w + 2) + 1;
      const ty = Math.floor(i / acols) * (h + 2) + 1;
      for (let y = 0; y < h; y++) colorize(data, i * h * w + y * w, w, map, range, img.data, (ty + y) * atlas.width + tx, EMPTY);
    }
    extrudeGutters(img.data, atlas.width, count, acols, w, h);
    actx.putImageData(img, 0, 0);
    // 2. Each tile scaled up, pixels kept square and sharp, at the screen's pixel density.
    const dpr = window.devicePixelRatio || 1;
    // Resizing reallocates the backing store: only when the size really changed (not on every live update).
    const pw = Math.max(1, Math.round(layout.width * dpr));
    const ph = Math.max(1, Math.round(layout.height * dpr));
    if (canvas.width !== pw) canvas.width = pw;
    if (canvas.height !== ph) canvas.height = ph;
    const ctx = context2d(canvas);
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    ctx.imageSmoothingEnabled = false;
    const captionSize = Math.max(9, Math.min(13, Math.round(layout.tile / 5)));
    ctx.font = `600 ${captionSize}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    for (let i = 0; i < count; i++) {
      const { x, y } = tileOrigin(layout, i);
      ctx.drawImage(atlas, (i % acols) * (w + 2) + 1, Math.floor(i / acols) * (h + 2) + 1, w, h, x, y, layout.tile, layout.tile);
      const label = captions?.[i];
      if (label && layout.tile >= 36) {
        const tw = ctx.measureText(label).width + 6;
        ctx.fillStyle = 'rgb(5 7 15 / 0.7)';
        ctx.fillRect(x, y, tw, captionSize + 4);
        ctx.fillStyle = '#e9ebf8';
        ctx.fillText(label, x + 3, y + 2);
      }
    }
    if (selected !== null && selected >= 0 && selected < count) {
      const { x, y } = tileOrigin(layout, selected);
      ctx.strokeStyle = '#8d82ff';
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, y + 1, layout.tile - 2, layout.tile - 2);
    }
  }, [atlas, tiles, map, range, layout, captions, selected]);

  const indexAt = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return tileAt(layout, e.clientX - r.left, e.clientY - r.top);
  };
  const interactive = !!(onHover || onPick);
  // Arrow keys move the selection, so the grid works without a pointer too.
  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    if (!onPick) return;
    const cur = selected ?? -1;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: layout.cols, ArrowUp: -layout.cols, Home: -cur, End: tiles.count - 1 - cur };
    if (!(e.key in step)) return;
    e.preventDefault();
    const next = cur < 0 ? 0 : cur + step[e.key];
    if (next >= 0 && next < tiles.count) onPick(next);
  };

  return (
    <div className="cc-wrap" ref={wrapRef}>
      <canvas
        ref={canvasRef}
        className={`cc-canvas${interactive ? ' cc-canvas--interactive' : ''}`}
        style={{ width: layout.width, height: layout.height }}
        role="img"
        aria-label={onPick ? `${ariaLabel}. Arrow keys pick one to enlarge.` : ariaLabel}
        data-testid={testId}
        data-tiles={tiles.count}
        tabIndex={onPick ? 0 : undefined}
        onKeyDown={onPick ? onKeyDown : undefined}
        onPointerMove={onHover ? (e) => onHover(indexAt(e) < 0 ? null : indexAt(e)) : undefined}
        onPointerLeave={onHover ? () => onHover(null) : undefined}
        onPointerDown={
          onPick
            ? (e) => {
                const i = indexAt(e);
                if (i >= 0) onPick(i);
              }
            : undefined
        }
      />
    </div>
  );
}
