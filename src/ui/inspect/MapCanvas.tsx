/**
 * The map's scatter plot: one dot per test digit, coloured by its true
 * digit, mistakes ringed; the user's drawing on a canvas of its own above it
 * so a stroke repaints one marker, not 2,000 dots. Hover or tap a dot for it.
 */
import { useLayoutEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { context2d } from '../common/canvas';
import { useElementWidth } from './hooks';

/** One colour per digit, distinct on the dark page (Tableau 10, brightened). */
export const DIGIT_COLOURS = ['#4e9cf5', '#ff9f40', '#5fd068', '#ff6b6b', '#b78cf2', '#c49a7a', '#f78fd0', '#c8c8c8', '#e0d75a', '#4fd6e0'];

export interface MapCanvasProps {
  points: Float32Array;
  labels: Uint8Array;
  preds: Uint8Array;
  drawing: { x: number; y: number; digit: number; neighbours: number[] } | null;
  /** The user's saved samples: square markers with their digit. Hover index n + j is sample j. */
  marks?: readonly { x: number; y: number; label: number }[];
  hovered: number | null;
  onHover(i: number | null): void;
  ariaLabel: string;
}

const PAD = 14;
const NO_MARKS: NonNullable<MapCanvasProps['marks']> = [];
const MARK = 8;

export function MapCanvas({ points, labels, preds, drawing, marks = NO_MARKS, hovered, onHover, ariaLabel }: MapCanvasProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrap, 360);
  const size = Math.max(240, Math.min(640, width));
  const n = points.length / 2;
  const px = (i: number) => PAD + points[i * 2] * (size - 2 * PAD);
  const py = (i: number) => PAD + points[i * 2 + 1] * (size - 2 * PAD);
  const at = (v: number) => PAD + v * (size - 2 * PAD);

  useLayoutEffect(() => {
    const ctx = prepare(base.current, size);
    if (!ctx) return;
    const r = size < 400 ? 1.8 : 2.4;
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = DIGIT_COLOURS[labels[i]];
      ctx.beginPath();
      ctx.arc(px(i), py(i), r, 0, Math.PI * 2);
      ctx.fill();
    }
    // Mistakes on top, ringed, so they are not hidden under their neighbours.
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    for (let i = 0; i < n; i++) {
      if (labels[i] === preds[i]) continue;
      ctx.fillStyle = DIGIT_COLOURS[labels[i]];
      ctx.beginPath();
      ctx.arc(px(i), py(i), r + 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
    // px/py only read points and size, both dependencies.
  }, [points, labels, preds, size, n]);

  useLayoutEffect(() => {
    const ctx = prepare(top.current, size);
    if (!ctx) return;
    if (hovered !== null && hovered < n) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px(hovered), py(hovered), 7, 0, Math.PI * 2);
      ctx.stroke();
    }
    // Saved samples: dark squares edged in their digit's colour, the digit inside (white edge when hovered).
    ctx.font = '700 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    marks.forEach((m, j) => {
      const x = at(m.x);
      const y = at(m.y);
      ctx.fillStyle = '#05070f';
      ctx.strokeStyle = hovered === n + j ? '#ffffff' : DIGIT_COLOURS[m.label];
      ctx.lineWidth = 2;
      ctx.fillRect(x - MARK, y - MARK, MARK * 2, MARK * 2);
      ctx.strokeRect(x - MARK, y - MARK, MARK * 2, MARK * 2);
      ctx.fillStyle = DIGIT_COLOURS[m.label];
      ctx.fillText(String(m.label), x, y + 1);
    });
    if (drawing) {
      const x = PAD + drawing.x * (size - 2 * PAD);
      const y = PAD + drawing.y * (size - 2 * PAD);
      ctx.strokeStyle = 'rgb(255 255 255 / 0.45)';
      ctx.lineWidth = 1;
      for (const j of drawing.neighbours) {
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(px(j), py(j));
        ctx.stroke();
      }
      ctx.fillStyle = '#05070f';
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(x, y, 13, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = '#ffffff';
      ctx.font = '700 15px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(drawing.digit), x, y + 1);
    }
  }, [drawing, marks, hovered, points, size, n]);

  const nearestAt = (e: ReactPointerEvent<HTMLCanvasElement>): number | null => {
    const b = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - b.left;
    const y = e.clientY - b.top;
    let best: number | null = null;
    let bestD = (e.pointerType === 'touch' ? 22 : 12) ** 2;
    for (let i = 0; i < n; i++) {
      const d = (px(i) - x) ** 2 + (py(i) - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    // A sample's marker wins over the dots under it.
    marks.forEach((m, j) => {
      const d = (at(m.x) - x) ** 2 + (at(m.y) - y) ** 2;
      if (Math.abs(at(m.x) - x) <= MARK + 2 && Math.abs(at(m.y) - y) <= MARK + 2 && (best === null || best < n || d < bestD)) {
        bestD = d;
        best = n + j;
      }
    });
    return best;
  };

  return (
    <div className="more-map-wrap" ref={wrap}>
      <div className="more-map" style={{ width: size, height: size }}>
        <canvas ref={base} style={{ width: size, height: size }} aria-hidden="true" data-testid="embedding-canvas" />
        <canvas
          ref={top}
          className="more-map-top"
          style={{ width: size, height: size }}
          role="img"
          aria-label={ariaLabel}
          data-testid="embedding-overlay"
          onPointerMove={(e) => onHover(nearestAt(e))}
          onPointerDown={(e) => onHover(nearestAt(e))}
          onPointerLeave={(e) => e.pointerType !== 'touch' && onHover(null)}
        />
      </div>
    </div>
  );
}

function prepare(canvas: HTMLCanvasElement | null, size: number): CanvasRenderingContext2D | null {
  if (!canvas) return null;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(size * dpr);
  canvas.height = Math.round(size * dpr);
  const ctx = context2d(canvas);
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  return ctx;
}
