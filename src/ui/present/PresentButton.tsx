/** The header's way into presentation mode; the mode's code loads on first use. */
import { lazy, Suspense, useCallback, useState } from 'react';
import './present.css';

const PresentMode = lazy(() => import('./PresentMode').then((m) => ({ default: m.PresentMode })));

export function PresentButton() {
  const [open, setOpen] = useState(false);
  const leave = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        className="button button--ghost present-open"
        data-testid="present-open"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-label="Present: full screen for a projector"
        title="Full screen for a projector: digits write themselves, with what the network sees and thinks"
      >
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <rect x="3" y="4" width="18" height="12" rx="1.5" />
          <path d="M12 16v4M8 20h8" />
        </svg>
        <span>Present</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <PresentMode onLeave={leave} />
        </Suspense>
      )}
    </>
  );
}
