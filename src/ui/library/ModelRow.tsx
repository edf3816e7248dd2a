/** One model: its numbers, an Active badge, "Use", and a menu (rename, duplicate, export, delete) with inline rename and delete confirmation. */
import { useEffect, useRef, useState } from 'react';
import { heldOutScoreText } from '../../shared/tuned-name';
import { ZOO } from '../../shared/zoo';
import type { ModelInfo } from '../../shared/types';
import { useStore } from '../store';
import { activateModel, deleteModel, duplicateModel, exportModel, exportOnnx, renameModel } from './actions';
import { formatBytes } from './files';

const BUSY_TEXT = { activating: 'Loading…', renaming: 'Saving…', duplicating: 'Copying…', deleting: 'Deleting…', exporting: 'Exporting…', 'exporting-onnx': 'Exporting ONNX…', measuring: 'Measuring…' } as const;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
/** Compact date and time; the year only when it is not this year. */
const when = (t: number) => {
  if (!(t > 0)) return '—';
  const d = new Date(t);
  const year = d.getFullYear() === new Date().getFullYear() ? undefined : 'numeric';
  return d.toLocaleString(undefined, { year, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
};
const archName = (m: ModelInfo) => (m.arch === 'imported' ? 'Imported' : (ZOO[m.arch]?.name ?? m.arch));

export function ModelRow({ model: m, active }: { model: ModelInfo; active: boolean }) {
  const busy = useStore((s) => s.libraryBusy[m.id]);
  const loadingActive = useStore((s) => s.modelStatus === 'loading' && s.modelId === m.id);
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');

  return (
    <tr className={`model-row${active ? ' is-active' : ''}`} data-testid="library-row" data-model-id={m.id} data-active={active ? 'true' : 'false'}>
      <td className="model-cell-name" data-label="Model">
        {mode === 'rename' ? (
          <RenameForm model={m} onDone={() => setMode('view')} />
        ) : (
          <div className="model-name-line">
            <span className="model-name" data-testid="library-name">
              {m.name}
            </span>
            {active && (
              <span className="badge badge--active" data-testid="library-active">
                Active
              </span>
            )}
            {m.builtin && <span className="badge">Shipped</span>}
          </div>
        )}
        <div className="model-meta">
          {archName(m)} · {m.params.toLocaleString()} parameters · {formatBytes(m.sizeBytes)} · created {when(m.createdAt)}
          {m.updatedAt - m.createdAt > 60_000 && <> · updated {when(m.updatedAt)}</>}
        </div>
      </td>
      <td className="num" data-label="MNIST test" data-testid="library-test-accuracy">
        {busy === 'measuring' ? <span className="muted">measuring…</span> : pct(m.testAccuracy)}
      </td>
      <td className="num" data-label="Drawn digits" data-testid="library-stroke-accuracy">
        {busy === 'measuring' ? <span className="muted">measuring…</span> : pct(m.strokeAccuracy ?? null)}
      </td>
      <td className="num" data-label="Your digits" data-testid="library-own-accuracy">
        {heldOutScoreText(m.ownAccuracy, m.ownCount) ?? '—'}
      </td>
      <td className="model-actions">
        {mode === 'confirm-delete' ? (
          <div className="confirm" role="group" aria-label={`Delete ${m.name}?`}>
            <span>Delete?</span>
            <button
              type="button"
              className="button button--danger button--small"
              data-testid="library-delete-confirm"
              onClick={() => {
                setMode('view');
                void deleteModel(m.id);
              }}
            >
              Delete
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        ) : busy || loadingActive ? (
          <span className="model-busy" role="status">
            <span className="library-spinner" aria-hidden="true" />
            {BUSY_TEXT[busy ?? 'activating']}
          </span>
        ) : (
          <div className="model-action-line">
            {!active && (
              <button type="button" className="button button--small" data-testid="library-use" onClick={() => void activateModel(m.id)} title={m.builtin ? 'Go back to the model Digit Lab ships with (your other models stay in the library)' : 'Let this model read your drawings'}>
                {m.builtin ? 'Use the shipped model' : 'Use'}
              </button>
            )}
            <RowMenu model={m} onRename={() => setMode('rename')} onDelete={() => setMode('confirm-delete')} />
          </div>
        )}
      </td>
    </tr>
  );
}

function RenameForm({ model, onDone }: { model: ModelInfo; onDone: () => void }) {
  const [name, setName] = useState(model.name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === model.name) return onDone();
    if (await renameModel(model.id, trimmed)) onDone();
  };
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        ref={input}
        className="rename-input"
        data-testid="library-rename-input"
        value={name}
        maxLength={80}
        aria-label={`New name for ${model.name}`}
        onChange={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone();
        }}
      />
      <button type="submit" className="button button--small" data-testid="library-rename-save">
        Save
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function RowMenu({ model: m, onRename, onDelete }: { model: ModelInfo; onRename(): void; onDelete(): void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    root.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const item = (label: string, testId: string, run: () => void, danger = false) => (
    <button
      type="button"
      role="menuitem"
      className={`menu-item${danger ? ' menu-item--danger' : ''}`}
      data-testid={testId}
      onClick={() => {
        setOpen(false);
        run();
      }}
    >
      {label}
    </button>
  );
  return (
    <div className="menu" ref={root}>
      <button type="button" className="icon-button menu-trigger" aria-haspopup="menu" aria-expanded={open} aria-label={`Actions for ${m.name}`} data-testid="library-menu" onClick={() => setOpen((o) => !o)}>
        <svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <circle cx="5" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="19" cy="12" r="1.8" />
        </svg>
      </button>
      {open && (
        <div className="menu-popover" role="menu" aria-label={`Actions for ${m.name}`}>
          {!m.builtin && item('Rename', 'library-rename', onRename)}
          {item('Duplicate', 'library-duplicate', () => void duplicateModel(m.id))}
          {item('Export files', 'library-export', () => void exportModel(m.id))}
          {item('Export ONNX', 'library-export-onnx', () => void exportOnnx(m.id))}
          {!m.builtin && item('Delete…', 'library-delete', onDelete, true)}
        </div>
      )}
    </div>
  );
}
