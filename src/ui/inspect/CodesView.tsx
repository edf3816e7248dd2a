/** Codes side by side: the last conv layer's output for a pinned drawing A and the live drawing B. */
import { useMemo } from 'react';
import { DIVERGING, GRAY, MAGMA, scaleRange, valueRange, type Range } from '../../shared/colormap';
import type { FeatureMap, ModelLayout } from '../../shared/inspect-types';
import { useStore } from '../store';
import { ColorCanvas } from './ColorCanvas';
import { lab, useModelKey } from './hooks';
import { argmax, cosine, layerTitles, mapTiles } from './labels';
import { Legend } from './Legend';
import { pct } from './ProbBars';
import { useLiveDrawing } from './useLive';

const UNIT = { min: 0, max: 1 };

export function CodesView({ layout }: { layout: ModelLayout }) {
  const codeLayer = layout.codeLayer;
  const key = useModelKey();
  const pinned = useStore((s) => s.pinned);
  const pin = useStore((s) => s.pin);
  const live = useLiveDrawing((image) => lab.call('featureMaps', { image, layers: codeLayer ? [codeLayer] : [] }), codeLayer ?? '');
  const r = live.result;
  const b = useMemo(() => (r && r.maps[0] ? { image: r.input.image, code: r.maps[0], probs: r.probs } : null), [r]);
  const a = pinned && pinned.modelKey === key && pinned.code.layer === codeLayer ? pinned : null;
  const title = codeLayer ? layerTitles(layout).get(codeLayer) : undefined;

  const shared = useMemo(() => {
    const r = valueRange(new Float32Array([...valueRangeArr(a?.code), ...valueRangeArr(b?.code)]));
    return r.min >= 0 ? { map: MAGMA, range: { min: 0, max: r.max } } : { map: DIVERGING, range: scaleRange(r, 'diverging') };
  }, [a, b]);
  const diff = useMemo(() => {
    if (!a || !b || a.code.data.length !== b.code.data.length) return null;
    const data = b.code.data.map((v, i) => v - a.code.data[i]);
    return { map: { ...b.code, data }, range: scaleRange(valueRange(data), 'diverging'), similarity: cosine(a.code.data, b.code.data) };
  }, [a, b]);

  if (!codeLayer) {
    return (
      <section className="inspect-view" data-testid="inspect-codes">
        <p className="empty-state">This model has no hidden layer, so there is no code between the pixels and the answer to compare.</p>
      </section>
    );
  }

  return (
    <section className="inspect-view" data-testid="inspect-codes" aria-labelledby="codes-title">
      <header className="view-head">
        <h3 id="codes-title">Codes side by side</h3>
        <p className="caption">
          Everything the model knows about a drawing by the time it decides is in its last {layout.hasConv ? 'conv' : 'hidden'} layer ({title?.title}, {title?.detail.split(' · ')[0]}): the final
          layer only weighs these numbers. Pin one drawing as A, draw another as B and compare: two ways of writing the same digit should
          give similar codes; different digits should not.
        </p>
      </header>
      <div className="noise-controls">
        <button type="button" className="button" disabled={!b} onClick={() => b && key && pin({ image: b.image, code: b.code, probs: b.probs, modelKey: key })} data-testid="codes-pin">
          {a ? 'Pin this drawing as A instead' : 'Pin this drawing as A'}
        </button>
        {a && (
          <button type="button" className="button button--ghost" onClick={() => pin(null)}>
            Unpin
          </button>
        )}
        {pinned && !a && <span className="muted">The pinned drawing was coded by another model; pin it again.</span>}
      </div>
      {live.error && (
        <p className="inspect-error" role="alert">
          {live.error}
        </p>
      )}
      <div className="codes-row">
        <CodeColumn label="A (pinned)" entry={a} shared={shared} empty="Draw a digit, then pin it here." testId="code-a" />
        <CodeColumn label="B (now)" entry={b} shared={shared} empty={!live.empty && live.busy ? 'Reading its code…' : a ? 'Clear the canvas and draw another digit.' : 'Draw a digit.'} testId="code-b" />
      </div>
      {shared.range.max > 0 && (a || b) && <Legend map={shared.map} range={shared.range} label="activation (A and B share one scale)" />}
      {diff && (
        <div className="codes-diff">
          <h4 className="sub-head">
            B − A · similarity {(diff.similarity * 100).toFixed(0)}%
          </h4>
          <p className="caption">Cosine similarity of the two codes: 100% means the same pattern of activity, 0% nothing in common.</p>
          <ColorCanvas tiles={mapTiles(diff.map)} map={DIVERGING} range={diff.range} minTile={26} maxTile={44} ariaLabel="Difference of the two codes" testId="code-diff" />
          <Legend map={DIVERGING} range={diff.range} label="B − A" />
        </div>
      )}
    </section>
  );
}

function valueRangeArr(m: FeatureMap | undefined): number[] {
  if (!m) return [];
  const r = valueRange(m.data);
  return [r.min, r.max];
}

interface Entry {
  image: Float32Array;
  code: FeatureMap;
  probs: Float32Array;
}

function CodeColumn({ label, entry, shared, empty, testId }: { label: string; entry: Entry | null; shared: { map: typeof MAGMA; range: Range }; empty: string; testId: string }) {
  const img = useMemo(() => (entry ? { data: entry.image, count: 1, h: 28, w: 28 } : null), [entry]);
  const tiles = useMemo(() => (entry ? mapTiles(entry.code) : null), [entry]);
  const top = entry ? argmax(entry.probs) : 0;
  return (
    <div className="code-col">
      <div className="code-col-head">
        {img && <ColorCanvas tiles={img} map={GRAY} range={UNIT} minTile={56} maxTile={56} ariaLabel={`Drawing ${label}`} />}
        <div>
          <strong>{label}</strong>
          <br />
          <span className="muted">{entry ? `reads as ${top} (${pct(entry.probs[top])})` : empty}</span>
        </div>
      </div>
      {tiles && <ColorCanvas tiles={tiles} map={shared.map} range={shared.range} minTile={22} maxTile={44} gap={2} ariaLabel={`Code of drawing ${label}`} testId={testId} />}
    </div>
  );
}
