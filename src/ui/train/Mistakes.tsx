/** Misclassified test digits as small pixel images, each labelled with what the network said and what it was. */
import { useEffect, useRef, useState } from 'react';
import { context2d } from '../common/canvas';

const FIRST = 24;

/** `total`: all the mistakes on the test set; only the most confident few (`truth.length`) come with their images. */
export function Mistakes({ images, truth, pred, conf, total }: { images: Float32Array; truth: number[]; pred: number[]; conf: number[]; total?: number }) {
  const [all, setAll] = useState(false);
  const count = Math.min(truth.length, Math.floor(images.length / 784));
  if (count === 0) return <p className="results-note">None: every test digit was read correctly.</p>;
  const shown = all ? count : Math.min(count, FIRST);
  const all_ = Math.max(count, total ?? count);
  return (
    <>
      <p className="results-note" data-testid="train-mistakes-count" data-shown={shown} data-total={all_}>
        {shown === all_ ? `All ${all_.toLocaleString('en-US')} of them, most confident first.` : `The ${shown} it was most sure of, of ${all_.toLocaleString('en-US')}.`}
      </p>
      <ul className="mistakes" data-testid="train-mistakes">
        {Array.from({ length: shown }, (_, i) => (
          <li key={i} className="mistake">
            <Thumb pixels={images.subarray(i * 784, (i + 1) * 784)} label={`A ${truth[i]} read as ${pred[i]}`} />
            <span className="mistake-label">
              <span className="mistake-pred">
                pred {pred[i]} <span className="mistake-conf">({Math.round(conf[i] * 100)}%)</span>
              </span>
              <span className="mistake-true">true {truth[i]}</span>
            </span>
          </li>
        ))}
      </ul>
      {count > FIRST && (
        <button type="button" className="link-button mistakes-more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : count < all_ ? `Show ${count} of ${all_.toLocaleString('en-US')}` : `Show all ${count}`}
        </button>
      )}
    </>
  );
}

/** A 28×28 grey image; CSS scales it up with crisp pixels. */
function Thumb({ pixels, label }: { pixels: Float32Array; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = (ref.current ? context2d(ref.current) : null);
    if (!ctx) return;
    const img = ctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(Math.max(0, Math.min(1, pixels[i])) * 255);
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels]);
  return <canvas ref={ref} className="mistake-img" width={28} height={28} role="img" aria-label={label} />;
}
