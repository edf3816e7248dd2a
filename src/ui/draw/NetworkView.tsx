/** "What the network sees": the 28×28 input, upscaled with crisp pixels. */
import { useLayoutEffect, useRef } from 'react';
import { useStore } from '../store';
import { paintImage } from './paint';

export function NetworkView() {
  const ref = useRef<HTMLCanvasElement>(null);
  const preview = useStore((s) => s.preview);
  useLayoutEffect(() => {
    if (ref.current) paintImage(ref.current, preview);
  }, [preview]);
  return (
    <div className="netview">
      <div className="netview-frame">
        <canvas
          ref={ref}
          width={28}
          height={28}
          className="netview-canvas"
          data-testid="preview"
          role="img"
          aria-label={preview ? 'Your digit as the network sees it: 28 by 28 grey pixels' : 'Empty 28 by 28 input'}
        />
      </div>
      <p className="netview-caption">
        Cropped to the ink, longest side scaled to 20&nbsp;px, then centred by its centre of mass in a 28×28 grid — the way the MNIST
        digits it learned from were made.
      </p>
    </div>
  );
}
