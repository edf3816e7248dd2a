/** A short account of what training does, with the current run's numbers. */
import { useMemo } from 'react';
import { ZOO } from '../../shared/zoo';
import { paramCount } from '../../shared/zoo-stats';
import { useStore } from '../store';
import { formatInt, parseNumber } from './form';
import { STROKE_TEST_IMAGES } from './results';
import { TEST_IMAGES, TRAIN_IMAGES, VAL_IMAGES } from './running';

export function Explainer() {
  const arch = useStore((s) => s.trainForm.arch);
  const batchText = useStore((s) => s.trainForm.batchSize);
  const params = useMemo(() => paramCount(ZOO[arch]), [arch]);
  const bs = parseNumber(batchText);
  const batch = Number.isInteger(bs) && bs >= 1 ? bs : null;

  return (
    <section className="card explainer" aria-labelledby="explainer-title">
      <h2 id="explainer-title" className="card-title">
        What happens when you train
      </h2>
      <ol className="explainer-steps">
        <li>
          <strong>A batch</strong>
          <span>
            The network reads {batch ? formatInt(batch) : 'a few'} images, compares its guesses with the true digits (the <em>loss</em>), and nudges all {formatInt(params)} weights to be a
            little less wrong. That is one step.
          </span>
        </li>
        <li>
          <strong>An epoch</strong>
          <span>
            One pass over all {formatInt(TRAIN_IMAGES)} training images{batch ? `: ${formatInt(Math.ceil(TRAIN_IMAGES / batch))} steps` : ''}. Each pass starts in a new random order.
          </span>
        </li>
        <li>
          <strong>Validation</strong>
          <span>
            After every epoch it is scored on {formatInt(VAL_IMAGES)} images it never trains on. If training accuracy keeps rising while validation stalls, it is memorising, not
            learning.
          </span>
        </li>
        <li>
          <strong>The test</strong>
          <span>When the run ends (or you stop it) it is scored on the {formatInt(TEST_IMAGES)} MNIST test digits and on {formatInt(STROKE_TEST_IMAGES)} held-out drawn digits, and if it reads MNIST at least as well as the active model, it becomes the one that reads your drawings.</span>
        </li>
      </ol>
      <p className="explainer-foot">All of it runs in a background worker on your graphics chip, so the page stays smooth and nothing leaves your device.</p>
    </section>
  );
}
