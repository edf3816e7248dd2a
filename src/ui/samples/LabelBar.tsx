/**
 * Right or wrong? After a prediction the user confirms it (button, Enter) or
 * picks the right digit (buttons 0–9, keys 0–9); the drawing becomes a
 * sample. Used in the Draw panel and the Teach panel.
 */
import { useEffect } from 'react';
import { aDigit } from '../../shared/answer';
import { useStore } from '../store';
import { teachController } from './controller';
import './labelbar.css';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * Keys typed into a field, or Enter on a button or link, are not labels. The
 * digit buttons are the exception: Enter always means "the answer shown is
 * right", even when the 5 clicked for the previous drawing still has focus.
 */
function ignoredTarget(e: KeyboardEvent): boolean {
  // Not behind a modal dialog (the variants preview).
  if (document.querySelector('dialog[open]')) return true;
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return true;
  if (t.closest?.('.labelbar-digits')) return false;
  return e.key === 'Enter' && (t.tagName === 'BUTTON' || t.tagName === 'A' || t.getAttribute('role') === 'button');
}

/** After a save, the keyboard belongs to the canvas again (where the next digit is drawn). */
function focusCanvas(): void {
  document.querySelector<HTMLElement>('[data-testid="draw-canvas"]')?.focus({ preventScroll: true });
}

/** Saves the drawing under `label`, then hands focus back to the canvas. */
function save(label: number): void {
  void teachController().saveDrawing(label);
  focusCanvas();
}

export function LabelBar({ compact = false }: { compact?: boolean }) {
  const hasInk = useStore((s) => s.strokes.length > 0);
  const digit = useStore((s) => (s.strokes.length > 0 && !s.pending ? s.digit : null));
  const note = useStore((s) => s.labelNote);
  const count = useStore((s) => s.samples.length);
  const status = useStore((s) => s.samplesStatus);
  const quick = useStore((s) => s.quick);
  const modelReady = useStore((s) => s.modelReady);

  useEffect(() => {
    void teachController().ensureLoaded();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || ignoredTarget(e)) return;
      const c = teachController();
      if (/^[0-9]$/.test(e.key)) {
        e.preventDefault();
        save(Number(e.key));
      } else if (e.key === 'Enter') {
        const s = useStore.getState();
        if (s.strokes.length === 0) {
          e.preventDefault();
          c.noteEmpty();
          return;
        }
        // Never the focused button's own click: that would save under its digit.
        e.preventDefault();
        if (s.pending || s.digit === null) return;
        save(s.digit);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const c = teachController();
  // "Nothing to save" is moot once there is ink again.
  const shownNote = note && !(note.kind === 'empty' && hasInk) ? note : null;
  const quickHere = quick && note?.sampleId === quick.sampleId ? quick : null;

  return (
    <section className={`labelbar${compact ? ' labelbar--compact' : ''}`} aria-labelledby="labelbar-title" data-testid="label-bar">
      <div className="labelbar-head">
        <h3 id="labelbar-title" className="labelbar-title">
          Right or wrong?
        </h3>
        <a className="labelbar-count" href="#teach" data-testid="samples-count" data-count={count} title="Your samples, in the Teach section">
          {status === 'ready' || count > 0 ? `${count} saved` : '…'}
        </a>
      </div>
      <div className="labelbar-row">
        <button
          type="button"
          className="labelbar-confirm"
          data-testid="label-confirm"
          disabled={digit === null}
          aria-keyshortcuts="Enter"
          onClick={() => digit !== null && save(digit)}
          title={digit === null ? (hasInk ? 'Waiting for the network’s answer' : 'Draw a digit first') : `Save this drawing as ${aDigit(digit)} (Enter)`}
        >
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{digit === null ? 'Yes, that’s right' : `Yes, it’s ${aDigit(digit)}`}</span>
          <kbd aria-hidden="true">↵</kbd>
        </button>
        <span className="labelbar-or" aria-hidden="true">
          or pick the right digit
        </span>
      </div>
      <div className="labelbar-digits" role="group" aria-label="No, it is a…">
        {DIGITS.map((d) => (
            <button
              key={d}
              type="button"
              className={`labelbar-digit${digit === d ? ' labelbar-digit--predicted' : ''}`}
              data-testid={`label-digit-${d}`}
              aria-keyshortcuts={String(d)}
              aria-label={`Save as ${aDigit(d)}`}
              title={`Save as ${aDigit(d)} (key ${d})`}
              onClick={() => save(d)}
            >
              {d}
            </button>
          ))}
      </div>
      <div className="labelbar-note" role="status" data-testid="label-note" data-tone={shownNote?.tone ?? ''}>
        {shownNote ? (
          <>
            <span className={`labelbar-note-text labelbar-note-text--${shownNote.tone}`}>
              {shownNote.text}
              {shownNote.predicted !== undefined && shownNote.predicted !== null && <> The network had read {aDigit(shownNote.predicted)}.</>}
            </span>
            {shownNote.sampleId && shownNote.tone === 'ok' && (
              <span className="labelbar-actions">
                {!quickHere && (
                  <button type="button" className="labelbar-link" data-testid="learn-now" disabled={!modelReady} onClick={() => void c.learnNow(shownNote.sampleId!)}>
                    Learn this one now
                  </button>
                )}
                <button type="button" className="labelbar-link labelbar-link--muted" data-testid="label-undo" title="Remove this sample and put the drawing back" onClick={() => void c.undoSave(shownNote.sampleId!)}>
                  Undo
                </button>
              </span>
            )}
            {quickHere && <QuickStatus />}
          </>
        ) : (
          <span className="labelbar-hint">{compact ? 'Enter saves the answer as a sample; keys 0–9 save a correction.' : 'Save the drawing as a sample: Enter if the answer is right, or the key of the right digit. Samples fine-tune the network to your handwriting (Teach).'}</span>
        )}
      </div>
    </section>
  );
}

function QuickStatus() {
  const q = useStore((s) => s.quick);
  if (!q) return null;
  if (q.state === 'running') {
    return (
      <span className="labelbar-quick" data-testid="learn-status" data-state="running">
        <span className="teach-busy-dot" aria-hidden="true" /> Learning it…
      </span>
    );
  }
  if (q.state === 'error') {
    return (
      <span className="labelbar-quick labelbar-quick--error" data-testid="learn-status" data-state="error">
        Could not learn it: {q.error}
      </span>
    );
  }
  const ok = q.after!.digit === q.label;
  return (
    <span className={`labelbar-quick${ok ? ' labelbar-quick--ok' : ''}`} data-testid="learn-status" data-state="done" data-after={q.after!.digit}>
      Learned in {(q.ms! / 1000).toFixed(1)} s: now reads {q.after!.digit} ({Math.round(q.after!.p * 100)}%), was {q.before!.digit} ({Math.round(q.before!.p * 100)}%).
    </span>
  );
}
