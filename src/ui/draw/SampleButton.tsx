/**
 * "Sample digit": writes one of the built-in handwritten digits on the canvas,
 * so the app works without a pointer (keyboard, switch access) and a first
 * visit has something to try. Each press loads the next digit of the cycle,
 * written a little differently each pass; the answer is announced with it.
 */
import { drawingAt } from '../present/handwriting';
import { Icon } from '../common/Icon';
import { useStore } from '../store';

// Shared by every canvas (Draw and Look inside), so the cycle continues across tabs.
let next = 0;

export function SampleButton({ onLoaded, compact = false }: { onLoaded(): void; compact?: boolean }) {
  const sample = useStore((s) => s.sample);
  const load = () => {
    const d = drawingAt(next++, []);
    useStore.getState().loadStrokes(d.strokes, d.label);
    onLoaded();
  };
  return (
    <button
      type="button"
      className={compact ? 'icon-button' : 'button button--ghost'}
      data-testid="draw-sample"
      data-sample={sample ?? ''}
      onClick={load}
      aria-label={compact ? 'Load a sample digit' : undefined}
      title="Write one of the built-in sample digits on the canvas (works from the keyboard)"
    >
      <Icon name="sample" />
      {!compact && <span>Sample</span>}
    </button>
  );
}
