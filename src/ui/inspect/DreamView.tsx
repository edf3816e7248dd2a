/** What a filter (or a class) wants: gradient ascent from noise in the lab worker, shown as it converges. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { GRAY } from '../../shared/colormap';
import type { DreamProgress, DreamResult, DreamTarget, ModelLayout } from '../../shared/inspect-types';
import { useStore } from '../store';
import { ColorCanvas } from './ColorCanvas';
import { errorText, isCancelled, lab, useModelKey } from './hooks';
import { argmax, layerTitles } from './labels';
import { Chip } from './MapsGrid';
import { pct, ProbBars } from './ProbBars';

type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: DreamProgress | null; history: number[] }
  | { state: 'done'; result: DreamResult }
  | { state: 'stopped'; progress: DreamProgress | null; history: number[] }
  | { state: 'error'; message: string; nan: boolean; progress: DreamProgress | null };

const UNIT = { min: 0, max: 1 };
const STEPS = [60, 150, 300];

/** Until the user picks a digit or filter here, the dream follows the digit drawn (read by the network). */
let userPicked = false;

export function DreamView({ layout }: { layout: ModelLayout }) {
  const key = useModelKey();
  const target = useStore((s) => s.dreamTarget);
  const setStoreTarget = useStore((s) => s.setDreamTarget);
  const setTarget = (t: DreamTarget) => {
    userPicked = true;
    setStoreTarget(t);
  };
  const drawn = useStore((s) => (s.strokes.length > 0 && !s.pending ? s.digit : null));
  // Dreams open on the digit on the canvas: "what does the network think a 3 looks like?"
  useEffect(() => {
    const t = useStore.getState().dreamTarget;
    if (!userPicked && drawn !== null && t.kind === 'class' && t.digit !== drawn) setStoreTarget({ kind: 'class', digit: drawn });
  }, [drawn, setStoreTarget]);
  const titles = useMemo(() => layerTitles(layout), [layout]);
  const unitLayers = useMemo(() => layout.layers.filter((l) => (layout.hasConv ? l.kind === 'conv' : l.kind === 'dense' && !l.isOutput)), [layout]);
  const [steps, setSteps] = useState(150);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const seed = useRef(1);
  const running = run.state === 'running';

  // A new model, or leaving the view, ends a dream in progress.
  useEffect(() => {
    setRun({ state: 'idle' });
    return () => void lab.call('inspectCancel', {}).catch(() => undefined);
  }, [key]);

  const validTarget: DreamTarget | null =
    target.kind === 'class' ? target : unitLayers.some((l) => l.name === target.layer) ? target : unitLayers[0] ? { kind: 'filter', layer: unitLayers[0].name, filter: 0 } : null;
  const layer = validTarget?.kind === 'filter' ? unitLayers.find((l) => l.name === validTarget.layer) : undefined;
  const units = layer ? layer.outputShape[layer.outputShape.length - 1] : 0;

  const start = () => {
    if (!validTarget) return;
    const history: number[] = [];
    setRun({ state: 'running', progress: null, history });
    lab
      .call('dream', { target: validTarget, steps, seed: seed.current++ }, {
        onProgress: (p) => {
          history.push(p.objective);
          setRun({ state: 'running', progress: p, history: history.slice() });
        },
      })
      .then(
        (result) => setRun({ state: 'done', result }),
        (e: unknown) =>
          setRun((r) => {
            const progress = r.state === 'running' ? r.progress : null;
            if (isCancelled(e)) return { state: 'stopped', progress, history: r.state === 'running' ? r.history : [] };
            const nan = (e as { info?: { code?: string } })?.info?.code === 'nan-loss';
            return { state: 'error', message: errorText(e), nan, progress };
          }),
      );
  };
  const stop = () => void lab.call('inspectCancel', {}).catch(() => undefined);

  const image = run.state === 'done' ? run.result.image : run.state === 'idle' ? null : run.progress?.image ?? null;
  const tiles = useMemo(() => (image ? { data: image, count: 1, h: 28, w: 28 } : null), [image]);
  const history = run.state === 'done' ? run.result.objective : run.state === 'running' || run.state === 'stopped' ? run.history : [];
  const what = validTarget?.kind === 'class' ? `the digit ${validTarget.digit}` : validTarget ? `filter ${validTarget.filter + 1} of ${titles.get(validTarget.layer)?.title ?? validTarget.layer}` : '';

  return (
    <section className="inspect-view" data-testid="inspect-dream" data-state={run.state} aria-labelledby="dream-title">
      <header className="view-head">
        <h3 id="dream-title">{validTarget?.kind === 'class' ? 'What a digit looks like to the network' : layout.hasConv ? 'What a filter wants' : 'What a hidden unit wants'}</h3>
        <p className="caption">
          Start from faint noise and nudge every pixel, step by step, in the direction that makes the chosen filter (or digit score)
          respond more: gradient ascent on the input. To keep the picture readable the pixels also shrink a little each step, get a
          light blur now and then, and the image jitters by a pixel, so only patterns that work anywhere survive.
        </p>
      </header>
      <div className="dream-controls">
        <div className="segmented" role="radiogroup" aria-label="Target">
          <Chip active={validTarget?.kind === 'class'} onClick={() => setTarget({ kind: 'class', digit: target.kind === 'class' ? target.digit : drawn ?? 8 })}>
            A digit
          </Chip>
          {unitLayers.length > 0 && (
            <Chip active={validTarget?.kind === 'filter'} onClick={() => setTarget({ kind: 'filter', layer: layer?.name ?? unitLayers[0].name, filter: validTarget?.kind === 'filter' ? validTarget.filter : 0 })}>
              {layout.hasConv ? 'A filter' : 'A hidden unit'}
            </Chip>
          )}
        </div>
        {validTarget?.kind === 'class' && (
          <div className="chips" role="radiogroup" aria-label="Digit">
            {Array.from({ length: 10 }, (_, d) => (
              <Chip key={d} active={validTarget.digit === d} onClick={() => setTarget({ kind: 'class', digit: d })}>
                {d}
              </Chip>
            ))}
          </div>
        )}
        {validTarget?.kind === 'filter' && (
          <div className="field-row">
            <label className="field">
              <span>Layer</span>
              <select value={validTarget.layer} onChange={(e) => setTarget({ kind: 'filter', layer: e.target.value, filter: 0 })}>
                {unitLayers.map((l) => (
                  <option key={l.name} value={l.name}>
                    {titles.get(l.name)?.title ?? l.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{layout.hasConv ? 'Filter' : 'Unit'} (1–{units})</span>
              <input type="number" min={1} max={units} value={validTarget.filter + 1} onChange={(e) => setTarget({ ...validTarget, filter: Math.max(0, Math.min(units - 1, Math.round(Number(e.target.value) || 1) - 1)) })} />
            </label>
          </div>
        )}
        <div className="field-row">
          <label className="field">
            <span>Steps</span>
            <select value={steps} onChange={(e) => setSteps(Number(e.target.value))}>
              {STEPS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {running ? (
            <button type="button" className="button" onClick={stop} data-testid="dream-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="button button--primary" onClick={start} disabled={!validTarget} data-testid="dream-start">
              Dream up {what}
            </button>
          )}
        </div>
      </div>
      {run.state === 'error' && (
        <p className="inspect-error" role="alert">
          {run.nan ? 'Gradient ascent blew up (NaN) and was stopped. ' : ''}
          {run.message}
        </p>
      )}
      <div className="dream-row">
        <figure className="figure">
          {tiles ? (
            <ColorCanvas tiles={tiles} map={GRAY} range={UNIT} minTile={168} maxTile={224} ariaLabel={`The input that most excites ${what}`} testId="dream-image" />
          ) : (
            <div className="figure-empty">Press “Dream up” to start from noise.</div>
          )}
          <figcaption>
            {run.state === 'running' && (run.progress ? `Step ${run.progress.step} of ${run.progress.steps}` : 'Starting…')}
            {run.state === 'stopped' && 'Stopped.'}
            {run.state === 'done' && `${run.result.steps} steps in ${(run.result.ms / 1000).toFixed(1)} s`}
          </figcaption>
          {run.state === 'running' && <progress max={run.progress?.steps ?? steps} value={run.progress?.step ?? 0} aria-label="Gradient ascent progress" />}
        </figure>
        <div className="dream-side">
          {history.length > 1 && <Sparkline values={history} label={validTarget?.kind === 'class' ? 'class score' : 'mean activation'} />}
          {run.state === 'done' && run.result.stalled && (
            <p className="notice-inline">This {layout.hasConv ? 'filter' : 'unit'} never switched on near the starting noise, so there was no gradient to follow. Try another one, or another seed.</p>
          )}
          {run.state === 'done' && (
            <>
              <p>
                The model reads the result as <strong>{argmax(run.result.probs)}</strong> ({pct(run.result.probs[argmax(run.result.probs)])}).
              </p>
              <ProbBars probs={run.result.probs} label="Probability of each digit for the dreamed image" />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function Sparkline({ values, label }: { values: number[]; label: string }) {
  const w = 260;
  const h = 64;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const line = (vs: number[]) => vs.map((v, i) => `${((i / (vs.length - 1)) * w).toFixed(1)},${(h - 4 - ((v - lo) / span) * (h - 8)).toFixed(1)}`).join(' ');
  // The raw score jumps with the jitter; a running average shows the climb.
  let ema = values[0];
  const smooth = values.map((v) => (ema = 0.85 * ema + 0.15 * v));
  return (
    <figure className="sparkline">
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" height={h} role="img" aria-label={`${label} rising from ${lo.toFixed(2)} to ${values[values.length - 1].toFixed(2)}`}>
        <polyline points={line(values)} fill="none" stroke="var(--accent-hi)" strokeOpacity="0.35" strokeWidth="1" vectorEffect="non-scaling-stroke" />
        <polyline points={line(smooth)} fill="none" stroke="var(--accent-hi)" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption>
        {label}: {values[0].toFixed(2)} → {values[values.length - 1].toFixed(2)}
      </figcaption>
    </figure>
  );
}
