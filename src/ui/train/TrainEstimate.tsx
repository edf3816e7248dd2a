/**
 * How long the run set up now will take on this device, before pressing
 * Train: a few seconds of real batches measure the speed (architecture and
 * batch size decide it), and the epochs turn it into minutes.
 */
import { useState } from 'react';
import type { TrainConfig } from '../../shared/types';
import { trainController } from './controller';
import { formatDuration, formatInt } from './form';
import { STROKE_TEST_IMAGES } from './results';
import { TEST_IMAGES, TRAIN_IMAGES, VAL_IMAGES } from './running';

/** Measured speeds this session, by what decides them. */
const measured = new Map<string, number>();
const keyOf = (c: TrainConfig) => `${c.arch}/${c.batchSize}/${c.augment ? 'aug' : 'plain'}/${c.strokeShare ? 'strokes' : 'scans'}`;

/** Seconds for a run of `c` at `samplesPerSec` (training, plus validation and the final tests on scans and drawn digits, which only read images: ~3× faster). */
export function runSeconds(c: Pick<TrainConfig, 'epochs'>, samplesPerSec: number): number {
  return (c.epochs * TRAIN_IMAGES + (c.epochs * VAL_IMAGES + TEST_IMAGES + STROKE_TEST_IMAGES) / 3) / samplesPerSec;
}

export function TrainEstimate({ config, disabled }: { config: TrainConfig | null; disabled: boolean }) {
  const [state, setState] = useState<{ key: string; phase: 'measuring' | 'error'; error?: string } | null>(null);
  if (!config) return null;
  const key = keyOf(config);
  const sps = measured.get(key);
  const busy = state?.key === key && state.phase === 'measuring';
  const measure = async () => {
    setState({ key, phase: 'measuring' });
    try {
      measured.set(key, await trainController().measureSpeed(config));
      setState(null);
    } catch (e) {
      setState({ key, phase: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <p className="train-estimate" data-testid="train-estimate" data-state={busy ? 'measuring' : sps ? 'done' : 'idle'} data-seconds={sps ? Math.round(runSeconds(config, sps)) : ''}>
      {sps ? (
        <>
          About <strong>{formatDuration(runSeconds(config, sps))}</strong> on this device for {config.epochs} epoch{config.epochs === 1 ? '' : 's'} (measured {formatInt(sps)} images/s), plus loading the data.{' '}
        </>
      ) : busy ? (
        <>Measuring a few batches…</>
      ) : (
        <>How long will it take here? </>
      )}
      {!busy && (
        <button type="button" className="link-button" data-testid="train-estimate-measure" disabled={disabled} onClick={() => void measure()}>
          {sps ? 'Measure again' : 'Measure a few batches (about 10 s)'}
        </button>
      )}
      {state?.key === key && state.phase === 'error' && (
        <span className="train-estimate-error" role="alert">
          {' '}
          Could not measure: {state.error}
        </span>
      )}
    </p>
  );
}
