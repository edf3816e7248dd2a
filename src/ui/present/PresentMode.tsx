/**
 * Presentation mode: a full-screen, high-contrast view for a projector. It
 * writes digits by itself (built-in handwriting, then the user's samples),
 * and shows what the network sees, its ten probabilities and the first
 * layer's feature maps. Space pauses, arrows step, Esc leaves. The page
 * underneath stays mounted and untouched (inert meanwhile), so leaving puts
 * it back exactly as it was. Under prefers-reduced-motion nothing animates:
 * each key shows one whole digit.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Stroke } from '../../shared/preprocess';
import { useStore } from '../store';
import { paintStrokes } from '../draw/paint';
import { useLayout } from '../inspect/hooks';
import { argmax } from '../inspect/labels';
import { teachController } from '../samples/controller';
import { AutoDraw } from './autodraw';
import { drawingAt, type Drawing } from './handwriting';
import { InputView, MapsView, ProbsView } from './PresentParts';
import { usePresentReader } from './usePresentReader';
import { usePageHold } from './usePageHold';

/** Least time between two live readings while the pen moves, ms. */
const READ_EVERY_MS = 150;

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

interface Shown {
  index: number;
  label: number;
  source: Drawing['source'];
  phase: 'drawing' | 'showing';
  paused: boolean;
}

export function PresentMode({ onLeave }: { onLeave(): void }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [animate] = useState(() => !reducedMotion());
  const samples = useStore((s) => s.samples);
  const modelName = useStore((s) => s.modelName);
  const layout = useLayout();
  const first = layout.data?.layers[0] ?? null;
  const { reading, maps, read } = usePresentReader(first?.name ?? null);
  const [shown, setShown] = useState<Shown>({ index: 0, label: drawingAt(0, []).label, source: 'builtin', phase: 'drawing', paused: false });

  usePageHold(rootRef, onLeave);

  // The user's own samples join the cycle (the newest twenty).
  useEffect(() => void teachController().ensureLoaded(), []);
  const own = useMemo(() => samples.slice(-20), [samples]);
  const cache = useRef(new Map<number, Drawing>());
  const ownRef = useRef(own);
  if (ownRef.current !== own) {
    ownRef.current = own;
    cache.current.clear();
  }
  const drawing = useCallback((i: number) => {
    let d = cache.current.get(i);
    if (!d) {
      d = drawingAt(i, ownRef.current);
      if (cache.current.size > 64) cache.current.clear();
      cache.current.set(i, d);
    }
    return d;
  }, []);

  const auto = useMemo(() => new AutoDraw((i) => drawing(i).strokes, performance.now(), { animate }), [drawing, animate]);

  // One frame loop paints the canvas and decides when to read; React state changes only when the drawing or its phase does.
  useEffect(() => {
    let raf = 0;
    let lastStrokes: Stroke[] | null = null;
    let lastKey = '';
    let lastRead = -Infinity;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const now = performance.now();
      const f = auto.frame(now);
      const d = drawing(f.index);
      const canvas = canvasRef.current;
      const side = canvas?.clientWidth ?? 0;
      const px = Math.round(side * (window.devicePixelRatio || 1));
      // Going full screen resizes the canvas: that repaints too.
      const changed = lastStrokes === null || f.strokes.length !== lastStrokes.length || f.strokes.at(-1)?.length !== lastStrokes.at(-1)?.length || f.index !== shownIndex.current || canvas?.width !== px;
      if (canvas && changed && side > 0) {
        if (canvas.width !== px) canvas.width = canvas.height = px;
        paintStrokes(canvas, f.strokes.map((s) => s.map((p) => ({ x: p.x * side, y: p.y * side }))), side);
        lastStrokes = f.strokes;
      }
      const key = `${f.index}:${f.phase}`;
      if (key !== lastKey) {
        lastKey = key;
        shownIndex.current = f.index;
        setShown({ index: f.index, label: d.label, source: d.source, phase: f.phase, paused: f.paused });
        // The whole drawing is read at once, with its maps.
        if (f.phase === 'showing') {
          lastRead = now;
          read(key, f.strokes, true);
          return;
        }
      }
      if (f.phase === 'drawing' && changed && now - lastRead >= READ_EVERY_MS) {
        lastRead = now;
        read(key, f.strokes, false);
      }
    };
    const shownIndex = { current: -1 };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [auto, drawing, read]);

  const step = useCallback((delta: number) => auto.step(delta, performance.now()), [auto]);
  const togglePause = useCallback(() => {
    if (!animate) return step(1);
    auto.togglePause(performance.now());
    setShown((s) => ({ ...s, paused: auto.paused }));
  }, [auto, animate, step]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (e.key === ' ' && t?.tagName === 'BUTTON') return; // a focused button presses itself
      const act: Record<string, () => void> = { ' ': togglePause, ArrowRight: () => step(1), ArrowDown: () => step(1), ArrowLeft: () => step(-1), ArrowUp: () => step(-1), Escape: onLeave };
      const f = act[e.key];
      if (!f) return;
      e.preventDefault();
      e.stopPropagation();
      f();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [togglePause, step, onLeave]);

  const current = reading.key.startsWith(`${shown.index}:`) ? reading : null;
  const whole = current && current.key === `${shown.index}:showing` && current.probs ? current : null;
  const top = current?.probs ? argmax(current.probs) : null;
  const conf = current?.probs && top !== null ? current.probs[top] : null;

  return createPortal(
    <div
      ref={rootRef}
      className="present"
      role="dialog"
      aria-modal="true"
      aria-label="Presentation mode"
      tabIndex={-1}
      data-testid="present"
      data-index={shown.index}
      data-label={shown.label}
      data-source={shown.source}
      data-phase={shown.phase}
      data-paused={shown.paused}
      data-animate={animate}
      data-digit={whole ? argmax(whole.probs!) : ''}
    >
      <header className="present-bar">
        <span className="present-title">Digit Lab</span>
        <span className="present-model">{modelName ?? 'Shipped model'}</span>
        <span className="present-keys" aria-hidden="true">
          {animate ? 'Space pause · ← → digits · Esc leave' : 'Space or → next · ← previous · Esc leave'}
        </span>
        <div className="present-controls">
          <button type="button" onClick={() => step(-1)} aria-label="Previous digit" data-testid="present-prev">←</button>
          {animate && (
            <button type="button" onClick={togglePause} data-testid="present-pause" aria-pressed={shown.paused}>
              {shown.paused ? 'Play' : 'Pause'}
            </button>
          )}
          <button type="button" onClick={() => step(1)} aria-label="Next digit" data-testid="present-next">→</button>
          <button type="button" onClick={onLeave} data-testid="present-exit">Leave</button>
        </div>
      </header>
      <div className="present-stage">
        <figure className="present-paper">
          <canvas ref={canvasRef} className="present-canvas" role="img" aria-label={`A handwritten ${shown.label}${shown.phase === 'drawing' ? ', being written' : ''}`} />
          <figcaption>{shown.source === 'sample' ? `One of your samples: a ${shown.label}` : animate ? (shown.paused ? 'Paused' : 'Auto-draw') : 'Built-in handwriting'}</figcaption>
        </figure>
        <div className="present-middle">
          <InputView image={current?.image ?? null} />
          <div className="present-answer" aria-live="polite">
            <span className="present-answer-label">The network says</span>
            <span className="present-answer-digit" data-testid="present-answer">{top ?? '·'}</span>
            <span className="present-answer-conf">{conf !== null ? `${Math.round(conf * 100)}% sure` : current?.error ?? ' '}</span>
          </div>
        </div>
        <ProbsView probs={current?.probs ?? null} top={top} />
      </div>
      <MapsView layer={first} map={maps.map} error={maps.error ?? layout.error} />
    </div>,
    document.body,
  );
}

