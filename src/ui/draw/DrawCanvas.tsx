/**
 * The canvas people draw on. Pointer events only (mouse, touch and pen alike),
 * captured on down so a stroke that leaves the canvas keeps going; strokes are
 * kept as points in the store; a move paints only its new segment, and the
 * whole drawing is re-painted from the points on resize, undo and DPR changes.
 */
import { useLayoutEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { Point } from '../../shared/preprocess';
import { useStore } from '../store';
import { paintStrokes, resumeAt, type Painted } from './paint';

interface Props {
  /** The drawing changed during a stroke (called synchronously from the pointer handler). */
  onStrokeChange(): void;
  /** A stroke ended. */
  onStrokeEnd(): void;
}

interface Active {
  pointerId: number;
  left: number;
  top: number;
  last: Point;
}

/** Closer than this (CSS px) to the previous point adds nothing but work. */
const MIN_STEP = 0.75;

export function DrawCanvas({ onStrokeChange, onStrokeEnd }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const active = useRef<Active | null>(null);

  useLayoutEffect(() => {
    const wrap = wrapRef.current!;
    const canvas = canvasRef.current!;
    let frame = 0;
    let painted: Painted | null = null;
    // Once a frame at most, and only what changed: a move adds a segment, so only the segment is painted.
    const paint = (all = false) => {
      frame = 0;
      const { strokes, viewSize } = useStore.getState();
      paintStrokes(canvas, strokes, viewSize, all ? null : resumeAt(painted, strokes, viewSize, canvas.width));
      painted = { strokes, viewSize, width: canvas.width };
    };
    const resize = () => {
      const size = wrap.clientWidth;
      if (size <= 0) return;
      const dpr = window.devicePixelRatio || 1;
      const px = Math.round(size * dpr);
      if (canvas.width !== px) {
        canvas.width = px;
        canvas.height = px;
      }
      useStore.getState().setViewSize(size);
      paint(true); // at once: resizing the backing store blanked it
    };
    const observer = new ResizeObserver(resize);
    observer.observe(wrap);
    resize();
    // Moving the window to a screen with another pixel ratio changes no CSS size.
    let dprQuery: MediaQueryList | null = null;
    const watchDpr = () => {
      dprQuery?.removeEventListener('change', onDpr);
      dprQuery = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`) ?? null;
      dprQuery?.addEventListener('change', onDpr);
    };
    const onDpr = () => {
      resize();
      watchDpr();
    };
    watchDpr();
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.strokes !== prev.strokes && !frame) frame = requestAnimationFrame(() => paint());
    });
    return () => {
      observer.disconnect();
      unsubscribe();
      dprQuery?.removeEventListener('change', onDpr);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const pointAt = (a: Active, e: PointerEvent): Point => {
    const p: Point = { x: e.clientX - a.left, y: e.clientY - a.top };
    // Only pens report real pressure (a mouse says 0.5 while pressed).
    if (e.pointerType === 'pen' && e.pressure > 0) p.pressure = e.pressure;
    return p;
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (active.current) return; // one stroke at a time; a second finger is ignored
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    const canvas = e.currentTarget;
    // preventDefault keeps the browser from moving focus here: do it, so Enter confirms this drawing, not a button clicked before.
    if (document.activeElement !== canvas) canvas.focus({ preventScroll: true });
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // Pointer already gone (e.g. synthetic event): the stroke still works inside the canvas.
    }
    const rect = canvas.getBoundingClientRect();
    const a: Active = { pointerId: e.pointerId, left: rect.left, top: rect.top, last: { x: 0, y: 0 } };
    a.last = pointAt(a, e.nativeEvent);
    active.current = a;
    useStore.getState().beginStroke(a.last);
    onStrokeChange();
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const a = active.current;
    // A mouse or pen over the canvas with nothing pressed is about to draw: the store passes that on (throttled), so a
    // training run issues no new batch now and the stroke does not meet one (start.ts, worker/train/hold.ts).
    if (!a && e.buttons === 0) useStore.getState().approach();
    if (!a || e.pointerId !== a.pointerId) return;
    const native = e.nativeEvent;
    const samples = native.getCoalescedEvents?.() ?? [];
    const points: Point[] = [];
    for (const ev of samples.length > 0 ? samples : [native]) {
      const p = pointAt(a, ev);
      if (Math.hypot(p.x - a.last.x, p.y - a.last.y) < MIN_STEP) continue;
      points.push(p);
      a.last = p;
    }
    if (points.length === 0) return;
    useStore.getState().extendStroke(points);
    onStrokeChange();
  };

  const end = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const a = active.current;
    if (!a || e.pointerId !== a.pointerId) return;
    active.current = null;
    if (e.currentTarget.hasPointerCapture?.(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    useStore.getState().endStroke();
    onStrokeEnd();
  };

  return (
    <div className="draw-surface" ref={wrapRef}>
      <canvas
        ref={canvasRef}
        className="draw-canvas"
        data-testid="draw-canvas"
        role="img"
        tabIndex={-1}
        aria-label="Drawing area. Draw one digit from 0 to 9 with a mouse, finger or pen; the prediction updates as you draw. Without a pointer, the Sample button writes a digit here."
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={end}
        onPointerCancel={end}
        onLostPointerCapture={end}
        onContextMenu={(e) => e.preventDefault()}
      />
      <EmptyHint />
    </div>
  );
}

function EmptyHint() {
  const empty = useStore((s) => s.strokes.length === 0);
  return (
    <div className={`draw-hint${empty ? '' : ' draw-hint--hidden'}`} aria-hidden="true">
      Draw a digit here
    </div>
  );
}
