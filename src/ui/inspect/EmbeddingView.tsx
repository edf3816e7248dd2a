/** The map: 2,000 MNIST test digits laid out by what the layer before the answer makes of them, with the user's drawing placed live among them. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { GRAY } from '../../shared/colormap';
import type { EmbeddingProgress, EmbeddingResult, EmbeddingStage } from '../../shared/inspect-more-types';
import { ColorCanvas } from './ColorCanvas';
import { errorText, isCancelled, lab, useModelKey } from './hooks';
import { argmax } from './labels';
import { DIGIT_COLOURS, MapCanvas } from './MapCanvas';
import { pct } from './ProbBars';
import { useLiveDrawing } from './useLive';
import { useSamplesOnMap, type PlacedSample } from './mapSamples';
import './inspect-more.css';

type Run = { state: 'idle' } | { state: 'running'; progress: EmbeddingProgress | null } | { state: 'done'; map: EmbeddingResult } | { state: 'stopped' } | { state: 'error'; message: string };

const STAGES: Record<EmbeddingStage, string> = {
  digits: 'Picking 2,000 test digits',
  features: 'Running them through the network',
  neighbours: 'Finding each digit’s nearest neighbours',
  layout: 'Laying the map out (UMAP)',
};
const ORDER: EmbeddingStage[] = ['digits', 'features', 'neighbours', 'layout'];

/** Maps already computed in this tab, per model version (the worker keeps its own cache too). */
const computed = new Map<string, EmbeddingResult>();

export function EmbeddingView() {
  const key = useModelKey();
  const [run, setRun] = useState<Run>(() => (key && computed.has(key) ? { state: 'done', map: computed.get(key)! } : { state: 'idle' }));
  const runId = useRef(0);
  const [hovered, setHovered] = useState<number | null>(null);
  const [showSamples, setShowSamples] = useState(false);

  const start = (k: string) => {
    const id = ++runId.current;
    const mine = (f: () => void) => id === runId.current && f();
    setRun({ state: 'running', progress: null });
    lab.call('embedding', {}, { onProgress: (p) => mine(() => setRun({ state: 'running', progress: p })), timeoutMs: 0 }).then(
      (map) =>
        mine(() => {
          if (!map.unfit) computed.set(k, map);
          setRun({ state: 'done', map });
        }),
      (e: unknown) => mine(() => setRun(isCancelled(e) ? { state: 'stopped' } : { state: 'error', message: errorText(e) })),
    );
  };

  // Opening the view (or a new model) computes the map unless this tab has it; leaving the view stops it.
  useEffect(() => {
    setHovered(null);
    if (!key) return;
    const hit = computed.get(key);
    if (hit) {
      runId.current++;
      setRun({ state: 'done', map: hit });
    } else start(key);
    return () => {
      runId.current++;
      void lab.call('inspectCancel', {}).catch(() => undefined);
    };
  }, [key]);

  const map = run.state === 'done' && !run.map.unfit ? run.map : null;
  const live = useLiveDrawing(async (image) => {
    // No map yet: nothing to place the drawing on (and asking would restart the map).
    if (!map) return null;
    const r = await lab.call('embeddingPoint', { image });
    // The lab lost its map (restarted): compute it again, it comes from the cache or is rebuilt.
    if (!r.mapped && key) {
      computed.delete(key);
      start(key);
    }
    return r;
  }, map ? `${map.modelId}@${map.version}` : 'none');
  const got = live.result;
  const point = map && got && 'mapped' in got && got.mapped ? got : null;
  const drawing = useMemo(() => (point ? { x: point.x, y: point.y, digit: argmax(point.probs), neighbours: point.neighbours.slice(0, 5) } : null), [point]);
  const mistakes = useMemo(() => (map ? map.labels.reduce((a, l, i) => a + (l === map.preds[i] ? 0 : 1), 0) : 0), [map]);
  const n = map ? map.labels.length : 0;
  const mine = useSamplesOnMap(map, showSamples);
  const placed = mine.state === 'done' ? mine.placed : NONE;

  return (
    <section
      className="inspect-view"
      data-testid="inspect-embedding"
      data-state={run.state}
      data-points={n}
      data-samples={mine.state === 'done' ? placed.length : ''}
      data-drawing-x={point ? point.x.toFixed(4) : ''}
      data-drawing-y={point ? point.y.toFixed(4) : ''}
      aria-labelledby="emb-title"
    >
      <header className="view-head">
        <h3 id="emb-title">The map of what it learned</h3>
        <p className="caption">
          Each dot is one handwritten test digit, placed by how the network’s last hidden layer sees it, so digits it finds alike sit close together. The big dot is your drawing: watch it move into a cluster as you draw.
        </p>
      </header>
      {run.state === 'running' && (
        <div className="more-progress" role="status">
          <progress max={4} value={run.progress ? ORDER.indexOf(run.progress.stage) + run.progress.done / Math.max(1, run.progress.total) : 0} aria-label="Map progress" />
          <span>{run.progress ? `${STAGES[run.progress.stage]}… ${run.progress.stage === 'layout' ? `${run.progress.done} of ${run.progress.total} rounds` : ''}` : 'Starting…'}</span>
          <button type="button" className="button" onClick={() => void lab.call('inspectCancel', {}).catch(() => undefined)} data-testid="embedding-stop">
            Stop
          </button>
        </div>
      )}
      {(run.state === 'stopped' || run.state === 'idle') && key && (
        <p className="empty-state">
          {run.state === 'stopped' ? 'Stopped. ' : ''}
          <button type="button" className="button button--primary" onClick={() => start(key)} data-testid="embedding-start">
            Make the map
          </button>
        </p>
      )}
      {run.state === 'error' && (
        <p className="inspect-error" role="alert">
          {run.message}
        </p>
      )}
      {run.state === 'done' && run.map.unfit && (
        <p className="notice-inline" data-testid="embedding-unfit">
          No map for this model: {run.map.unfit}.
        </p>
      )}
      {live.error && map && (
        <p className="inspect-error" role="alert">
          {live.error}
        </p>
      )}
      {map && (
        <div className="more-map-row">
          <MapCanvas points={map.points} labels={map.labels} preds={map.preds} drawing={drawing} marks={placed} hovered={hovered} onHover={setHovered} ariaLabel={`${n} test digits mapped by layer ${map.layer}; ${drawing ? `your drawing sits among the ${drawing.digit}s` : 'draw a digit to place it'}`} />
          <div className="more-map-side">
            <ol className="more-legend" aria-label="Colour of each digit">
              {DIGIT_COLOURS.map((c, d) => (
                <li key={d}>
                  <span className="more-swatch" style={{ background: c }} aria-hidden="true" />
                  {d}
                </li>
              ))}
            </ol>
            <p className="muted more-small">
              Ringed dots are the {mistakes} digits the network gets wrong. Layer {map.layer} ({map.dims} values per digit).
            </p>
            <p className="muted more-small" data-testid="embedding-timing">
              {map.cached ? 'Kept from earlier' : 'Made'}: {ORDER.map((s) => `${s} ${(map.ms[s] / 1000).toFixed(1)} s`).join(', ')}.
            </p>
            <label className="more-small" data-testid="embedding-samples-toggle">
              <input type="checkbox" checked={showSamples} onChange={(e) => setShowSamples(e.target.checked)} /> Show my samples
            </label>
            {mine.state === 'loading' && <p className="muted more-small" role="status">Placing your samples…</p>}
            {mine.state === 'error' && (
              <p className="inspect-error" role="alert">
                {mine.message}
              </p>
            )}
            {mine.state === 'done' && (
              <p className="muted more-small" data-testid="embedding-samples-note">
                {placed.length === 0 ? 'You have no saved samples yet: label drawings under Teach to see them here.' : `Squares are your ${placed.length} saved sample${placed.length === 1 ? '' : 's'}, each placed like your drawing; the digit is the label you gave it.`}
              </p>
            )}
            {hovered !== null && hovered < n ? (
              <Details map={map} i={hovered} />
            ) : hovered !== null && hovered - n < placed.length ? (
              <SampleDetails s={placed[hovered - n]} />
            ) : (
              <p className="muted more-small">Point at a dot (or tap it) to see that digit.</p>
            )}
            {point && (
              <p className="more-small" data-testid="embedding-drawing">
                Your drawing: <strong>{argmax(point.probs)}</strong> ({pct(point.probs[argmax(point.probs)])}), nearest to {point.neighbours.slice(0, 5).map((j) => map.labels[j]).join(', ')}.
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function Details({ map, i }: { map: EmbeddingResult; i: number }) {
  const tiles = useMemo(() => ({ data: Float32Array.from(map.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255), count: 1, h: 28, w: 28 }), [map, i]);
  const wrong = map.labels[i] !== map.preds[i];
  return (
    <figure className="figure more-details" data-testid="embedding-details">
      <ColorCanvas tiles={tiles} map={GRAY} range={{ min: 0, max: 1 }} minTile={84} maxTile={84} ariaLabel={`Test digit ${map.labels[i]}`} />
      <figcaption>
        A <strong>{map.labels[i]}</strong>; the network says <strong className={wrong ? 'more-wrong' : undefined}>{map.preds[i]}</strong>
        {wrong ? ' (a mistake)' : ''}
      </figcaption>
    </figure>
  );
}

const NONE: PlacedSample[] = [];

function SampleDetails({ s }: { s: PlacedSample }) {
  const tiles = useMemo(() => ({ data: s.image, count: 1, h: 28, w: 28 }), [s]);
  const wrong = s.label !== s.pred;
  return (
    <figure className="figure more-details" data-testid="embedding-sample-details">
      <ColorCanvas tiles={tiles} map={GRAY} range={{ min: 0, max: 1 }} minTile={84} maxTile={84} ariaLabel={`Your sample labelled ${s.label}`} />
      <figcaption>
        Your sample, labelled <strong>{s.label}</strong>; the network says <strong className={wrong ? 'more-wrong' : undefined}>{s.pred}</strong>
        {wrong ? ' (a mistake)' : ''}
      </figcaption>
    </figure>
  );
}
