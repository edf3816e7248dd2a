/** The one status badge (train run, fine-tune): a dot and a word, toned by state. No animation (see styles.css). */
import type { ReactNode } from 'react';

export type BadgeTone = 'idle' | 'busy' | 'warn' | 'ok' | 'danger';

/** The tone for a run's state, shared by the Train and Teach cards. */
export function toneOf(state: string): BadgeTone {
  switch (state) {
    case 'loading':
    case 'training':
    case 'running':
    case 'measuring':
      return 'busy';
    case 'stopping':
      return 'warn';
    case 'done':
      return 'ok';
    case 'error':
      return 'danger';
    default:
      return 'idle';
  }
}

export function StatusBadge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span className={`status-badge status-badge--${tone}`}>
      <span className="status-badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
