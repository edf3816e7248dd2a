/** The user's samples, grouped by digit: counts per class, thumbnails redrawn from strokes, selection, delete, export and import, and the variants preview. */
import { useMemo, useRef, useState } from 'react';
import { countByLabel, heldOutSplit, type Sample } from '../../shared/samples';
import { Icon } from '../common/Icon';
import { useStore } from '../store';
import { teachController } from './controller';
import { StrokeThumb } from './Thumbs';
import { VariantsDialog } from './VariantsDialog';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SamplesCard() {
  const samples = useStore((s) => s.samples);
  const status = useStore((s) => s.samplesStatus);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<Sample | null>(null);
  const [confirming, setConfirming] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const c = teachController();

  const counts = useMemo(() => countByLabel(samples), [samples]);
  const heldOut = useMemo(() => new Set(heldOutSplit(samples).heldOut.map((s) => s.id)), [samples]);
  const max = Math.max(1, ...counts);
  // Selection only holds samples that still exist.
  const chosen = samples.filter((s) => selected.has(s.id)).map((s) => s.id);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setConfirming(false);
  };

  const remove = async (ids: string[]) => {
    if (await c.deleteSamples(ids)) {
      setSelected(new Set([...selected].filter((id) => !ids.includes(id))));
      setConfirming(false);
    }
  };

  const onImport = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      useStore.getState().pushAlert({ key: 'samples-import', title: 'Nothing was imported', message: `The file could not be read (${(e as Error).message}).` });
      return;
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
    await c.importText(text);
  };

  return (
    <section className="card teach-samples" aria-labelledby="samples-title" data-testid="samples" data-count={samples.length}>
      <div className="card-head teach-samples-head">
        <h2 id="samples-title" className="card-title">
          Your samples <span className="teach-count">{samples.length}</span>
        </h2>
        <div className="toolbar teach-samples-tools">
          {chosen.length > 0 &&
            (confirming ? (
              <>
                <button type="button" className="button teach-small-button teach-danger" data-testid="samples-delete-confirm" onClick={() => void remove(chosen)}>
                  Delete {chosen.length}
                </button>
                <button type="button" className="button button--ghost teach-small-button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <>
                <button type="button" className="button button--ghost teach-small-button" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
                <button type="button" className="button teach-small-button" data-testid="samples-delete" onClick={() => setConfirming(true)}>
                  <Icon name="clear" size={16} />
                  Delete {chosen.length}
                </button>
              </>
            ))}
          <button
            type="button"
            className="button button--ghost teach-small-button"
            data-testid="samples-export"
            disabled={samples.length === 0}
            onClick={() => {
              const f = c.exportFile();
              download(f.name, f.text);
            }}
          >
            Export
          </button>
          <label className="button button--ghost teach-small-button teach-file-button">
            Import
            <input ref={fileRef} type="file" accept="application/json,.json" data-testid="samples-import" className="sr-only" onChange={(e) => void onImport(e.target.files)} />
          </label>
        </div>
      </div>

      <ol className="teach-classes" aria-label="Samples per digit">
        {DIGITS.map((d) => (
          <li key={d} className={counts[d] ? 'teach-class' : 'teach-class teach-class--empty'} data-testid={`class-count-${d}`} data-count={counts[d]}>
            <span className="teach-class-digit">{d}</span>
            <span className="teach-class-bar" aria-hidden="true">
              <span style={{ transform: `scaleY(${counts[d] / max})` }} />
            </span>
            <span className="teach-class-n">{counts[d]}</span>
          </li>
        ))}
      </ol>

      {samples.length === 0 ? (
        <div className="teach-empty">
          <p>{status === 'loading' || status === 'idle' ? 'Loading your samples…' : 'No samples yet.'}</p>
          {status === 'ready' && <p className="muted">Draw a digit on the left (or in the Draw section) and press Enter if the network read it right, or the key of the right digit if not. Ten or more per digit you want it to learn works well.</p>}
        </div>
      ) : (
        <div className="teach-groups">
          {DIGITS.filter((d) => counts[d] > 0).map((d) => (
            <section key={d} className="teach-group" aria-label={`Digit ${d}: ${counts[d]} samples`}>
              <h3 className="teach-group-title">
                <span className="teach-group-digit">{d}</span>
                <span className="muted">
                  {counts[d]} sample{counts[d] === 1 ? '' : 's'}
                </span>
              </h3>
              <ul className="teach-thumbs">
                {samples
                  .filter((s) => s.label === d)
                  .map((s) => (
                    <li key={s.id} className="teach-thumb" data-testid="sample-thumb" data-label={s.label} data-id={s.id} data-selected={selected.has(s.id) ? 'true' : 'false'}>
                      <button type="button" className="teach-thumb-main" aria-pressed={selected.has(s.id)} aria-label={`A ${s.label} saved ${new Date(s.createdAt).toLocaleString()}${heldOut.has(s.id) ? ', held out for testing' : ''}. Select`} onClick={() => toggle(s.id)}>
                        <StrokeThumb strokes={s.strokes} label="" />
                        {heldOut.has(s.id) && <span className="teach-thumb-tag" title="Held out: used to test, not to train">test</span>}
                        <span className="teach-thumb-check" aria-hidden="true" />
                      </button>
                      <span className="teach-thumb-tools">
                        <button type="button" className="teach-thumb-tool" data-testid="sample-variants" title="Preview its augmented variants" aria-label={`Preview the variants of this ${s.label}`} onClick={() => setPreview(s)}>
                          <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                            <path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h6v6h-6z" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" />
                          </svg>
                        </button>
                        <button type="button" className="teach-thumb-tool" data-testid="sample-delete" title="Delete this sample" aria-label={`Delete this ${s.label}`} onClick={() => void remove([s.id])}>
                          <Icon name="close" size={13} />
                        </button>
                      </span>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {preview && <VariantsDialog sample={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}
