/** What fine-tuning trains on for one sample: its 72 augmented variants (3 thicknesses × 4 rescales × 6 rotations, shifted), made by the worker. */
import { useEffect, useRef, useState } from 'react';
import type { Sample } from '../../shared/samples';
import type { AugmentResult } from '../../shared/teach-types';
import { getBridge } from '../bridge';
import { PixelThumb, StrokeThumb } from './Thumbs';

const THICKNESS_NAME: Record<string, string> = { '1': 'As drawn', '0.6': 'Thinner strokes', '1.5': 'Bolder strokes' };

export function VariantsDialog({ sample, onClose }: { sample: Sample; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [seed, setSeed] = useState(1);
  const [result, setResult] = useState<AugmentResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    getBridge()
      .request('lab', 'augmentSample', { sample: { label: sample.label, strokes: sample.strokes, image: sample.image.slice() }, seed })
      .then(
        (r) => live && setResult(r),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [sample, seed]);

  const groups = result ? [...new Set(result.variants.map((v) => v.thickness))] : [];

  return (
    <dialog ref={ref} className="teach-dialog" aria-labelledby="variants-title" onClose={onClose} onCancel={onClose}>
      <div className="teach-dialog-head">
        <StrokeThumb strokes={sample.strokes} size={64} label={`Your ${sample.label}`} />
        <div>
          <h2 id="variants-title" className="teach-dialog-title">
            What fine-tuning learns from this {sample.label}
          </h2>
          <p className="muted teach-dialog-sub">
            {result ? `${result.variants.length} variants` : 'Making variants…'}: 4 width/height rescales × 6 random rotations (−30° to 30° in 5° steps), each nudged by up to 2 px, at three stroke thicknesses.
          </p>
        </div>
        <div className="teach-dialog-tools">
          <button type="button" className="button button--ghost teach-small-button" data-testid="variants-reseed" onClick={() => setSeed(seed + 1)}>
            New draw
          </button>
          <button type="button" className="button teach-small-button" onClick={() => ref.current?.close()} data-testid="variants-close" autoFocus>
            Close
          </button>
        </div>
      </div>
      {error && (
        <p className="teach-error" role="alert">
          The variants could not be made: {error}
        </p>
      )}
      {!result && !error && (
        <div className="teach-variants" aria-busy="true">
          {['As drawn', 'Thinner strokes', 'Bolder strokes'].map((t) => (
            <section key={t} className="teach-variant-group">
              <h3 className="teach-variant-title">{t}</h3>
              <ul className="teach-variant-grid" aria-hidden="true">
                {Array.from({ length: 24 }, (_, i) => (
                  <li key={i}>
                    <span className="teach-variant-skeleton" />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {result && (
        <div className="teach-variants" data-testid="variants-grid" data-count={result.variants.length} data-seed={seed}>
          {groups.map((t) => (
            <section key={t} className="teach-variant-group">
              <h3 className="teach-variant-title">{THICKNESS_NAME[String(t)] ?? `Line width ×${t}`}</h3>
              <ul className="teach-variant-grid">
                {result.variants.map((v, i) =>
                  v.thickness !== t ? null : (
                    <li key={i} title={`rotated ${v.deg}°, width ×${v.sx.toFixed(2)}, height ×${v.sy.toFixed(2)}, shifted (${v.tx.toFixed(1)}, ${v.ty.toFixed(1)}) px`}>
                      <PixelThumb image={result.images.subarray(i * 784, (i + 1) * 784)} />
                      <span className="teach-variant-deg">{v.deg > 0 ? `+${v.deg}` : v.deg}°</span>
                    </li>
                  ),
                )}
              </ul>
            </section>
          ))}
        </div>
      )}
    </dialog>
  );
}
