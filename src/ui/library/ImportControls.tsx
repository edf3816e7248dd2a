/** The import picker (`import-model` test hook) and its progress line. */
import { useRef } from 'react';
import { useStore } from '../store';
import { importFiles } from './actions';

export function ImportButton() {
  const phase = useStore((s) => s.libraryImport.phase);
  const input = useRef<HTMLInputElement>(null);
  const working = phase === 'validating' || phase === 'measuring';
  return (
    <label className={`button button--primary library-import${working ? ' is-disabled' : ''}`} title="Pick a model zip exported from Digit Lab, or model.json and its weights file(s) together">
      <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M12 21V9M7 14l5-5 5 5M4 3h16" />
      </svg>
      Import…
      <input
        ref={input}
        type="file"
        multiple
        accept=".zip,.json,.bin"
        className="sr-only"
        data-testid="import-model"
        disabled={phase === 'validating'}
        aria-label="Import a model: pick its zip, or model.json and its weights file"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Reset so picking the same files again fires another change.
          e.currentTarget.value = '';
          if (files.length) void importFiles(files);
        }}
      />
    </label>
  );
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function ImportProgress() {
  const imp = useStore((s) => s.libraryImport);
  const dismiss = useStore((s) => s.patchLibrary);
  if (imp.phase === 'idle') return null;
  let text: string;
  if (imp.phase === 'validating') text = `Checking “${imp.name}”…`;
  else if (imp.phase === 'measuring') text = `Imported “${imp.name}”. Measuring how well it reads MNIST and drawn digits${imp.total ? ` (${imp.done.toLocaleString()} / ${imp.total.toLocaleString()} images)` : '…'}`;
  else if (imp.accuracy === null) text = `Imported “${imp.name}”.`;
  else text = `Imported “${imp.name}”: ${pct(imp.accuracy)} on the MNIST test set${imp.strokeAccuracy != null ? `, ${pct(imp.strokeAccuracy)} on drawn digits` : ''}.`;
  return (
    <div className={`library-progress${imp.phase === 'done' ? ' is-done' : ''}`} role="status" data-testid="import-status" data-phase={imp.phase}>
      {imp.phase !== 'done' && <span className="library-spinner" aria-hidden="true" />}
      <span>{text}</span>
      {imp.phase === 'done' && (
        <button type="button" className="library-link" onClick={() => dismiss({ libraryImport: { phase: 'idle' } })}>
          Dismiss
        </button>
      )}
    </div>
  );
}
