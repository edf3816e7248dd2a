/** Filters: each conv layer's kernels on a shared diverging scale; dense models show per-unit weights as 28×28 images. */
import { useMemo, useState, type ReactNode } from 'react';
import { DIVERGING, formatValue, scaleRange, valueRange } from '../../shared/colormap';
import type { ConvFilters, DenseWeights, DreamTarget, ModelLayout } from '../../shared/inspect-types';
import { ColorCanvas } from './ColorCanvas';
import { lab, useLabQuery, useModelKey } from './hooks';
import { layerTitles, meanOverInputs } from './labels';
import { Legend } from './Legend';
import { Chip } from './MapsGrid';

export function FiltersView({ layout, onDream }: { layout: ModelLayout; onDream(t: DreamTarget): void }) {
  const conv = layout.hasConv;
  const key = useModelKey();
  const q = useLabQuery(key, () => lab.call('filters', {}));
  return (
    <section className="inspect-view" data-testid="inspect-filters" aria-labelledby="filters-title">
      <header className="view-head">
        <h3 id="filters-title">Filters</h3>
        {conv && (
          <p className="caption">
            A filter is a small grid of learned weights that slides over its input: where the pixels below match its pattern (warm = weight
            adds, cool = weight subtracts), it responds strongly. The first layer’s filters look at pixels, so they read as tiny edge and
            stroke detectors; deeper filters combine the maps of the layer below.
          </p>
        )}
      </header>
      {q.error && (
        <p className="inspect-error" role="alert">
          {q.error}
        </p>
      )}
      {q.loading && !q.data && <p className="empty-state">Reading the weights…</p>}
      {q.data && q.data.conv.length > 0 && <ConvPanel layers={q.data.conv} layout={layout} onDream={onDream} />}
      {q.data && q.data.conv.length === 0 && q.data.dense && <DensePanel w={q.data.dense} />}
      {q.data && q.data.conv.length === 0 && !q.data.dense && <p className="empty-state">This model has no conv layers and no dense layer that reads the pixels directly, so there are no weights to draw as images.</p>}
    </section>
  );
}

function ConvPanel({ layers, layout, onDream }: { layers: ConvFilters[]; layout: ModelLayout; onDream(t: DreamTarget): void }) {
  const titles = useMemo(() => layerTitles(layout), [layout]);
  const [pick, setPick] = useState(0);
  const [mode, setMode] = useState<'mean' | 'all'>('mean');
  const [hover, setHover] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const f = layers[Math.min(pick, layers.length - 1)];
  const [out, inC, kh, kw] = f.shape;
  const perInput = inC > 1 && mode === 'all';
  const view = useMemo(() => {
    const data = inC > 1 && !perInput ? meanOverInputs(f.data, f.shape) : f.data;
    return { tiles: { data, count: perInput ? out * inC : out, h: kh, w: kw }, range: scaleRange(valueRange(data), 'diverging') };
  }, [f, perInput, out, inC, kh, kw]);
  const focus = hover ?? selected;
  const filterOf = (i: number) => (perInput ? Math.floor(i / inC) : i);

  return (
    <>
      <div className="chips" role="radiogroup" aria-label="Conv layer">
        {layers.map((l, i) => (
          <Chip key={l.layer} active={i === pick} onClick={() => { setPick(i); setSelected(null); }} title={l.parts.join(' → ')}>
            {titles.get(l.layer)?.title ?? l.layer}
          </Chip>
        ))}
      </div>
      <p className="caption">
        {out} filters of {kh}×{kw}
        {inC > 1 ? `, each with one kernel per input channel (${inC}).` : ', each looking at the one grey input channel.'}{' '}
        {inC > 1 && (perInput ? 'One row per filter, one column per input channel.' : 'Shown averaged over the input channels; switch to see every kernel.')}
      </p>
      {inC > 1 && (
        <div className="segmented" role="radiogroup" aria-label="Kernels shown">
          <Chip active={!perInput} onClick={() => setMode('mean')}>Averaged over inputs</Chip>
          <Chip active={perInput} onClick={() => setMode('all')}>Every input channel</Chip>
        </div>
      )}
      <div className="filters-body">
        <div className="filters-grid">
          <ColorCanvas
            tiles={view.tiles}
            map={DIVERGING}
            range={view.range}
            minTile={perInput ? 6 : 34}
            maxTile={perInput ? 40 : 64}
            gap={perInput ? 2 : 4}
            cols={perInput ? inC : undefined}
            selected={focus}
            onHover={setHover}
            onPick={setSelected}
            ariaLabel={`Kernels of ${titles.get(f.layer)?.title ?? f.layer}`}
            testId="filters-canvas"
          />
          <Legend map={DIVERGING} range={view.range} label="weight" />
        </div>
        <aside className="maps-zoom" aria-live="polite">
          {focus === null ? (
            <p className="muted">Hover or tap a kernel to see its weights.</p>
          ) : (
            <KernelZoom data={view.tiles.data.subarray(focus * kh * kw, (focus + 1) * kh * kw)} kh={kh} kw={kw} range={view.range}>
              Filter {filterOf(focus) + 1}
              {perInput ? `, input channel ${(focus % inC) + 1}` : inC > 1 ? ' (mean over inputs)' : ''}
            </KernelZoom>
          )}
          {focus !== null && (
            <button type="button" className="button" onClick={() => onDream({ kind: 'filter', layer: f.layer, filter: filterOf(focus) })}>
              What does filter {filterOf(focus) + 1} want?
            </button>
          )}
        </aside>
      </div>
    </>
  );
}

function KernelZoom({ data, kh, kw, range, children }: { data: Float32Array; kh: number; kw: number; range: { min: number; max: number }; children: ReactNode }) {
  const tiles = useMemo(() => ({ data, count: 1, h: kh, w: kw }), [data, kh, kw]);
  return (
    <>
      <ColorCanvas tiles={tiles} map={DIVERGING} range={range} minTile={120} maxTile={168} ariaLabel="Kernel enlarged" />
      <p className="maps-zoom-caption">
        <strong>{children}</strong>
      </p>
      {kh * kw <= 25 && (
        <table className="kernel-values" aria-label="Kernel weights">
          <tbody>
            {Array.from({ length: kh }, (_, r) => (
              <tr key={r}>
                {Array.from({ length: kw }, (_, c) => (
                  <td key={c}>{formatValue(data[r * kw + c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function DensePanel({ w }: { w: DenseWeights }) {
  const units = w.shape[0];
  const [showAll, setShowAll] = useState(units <= 100);
  const count = showAll ? units : Math.min(units, 100);
  const tiles = useMemo(() => ({ data: w.data, count, h: 28, w: 28 }), [w, count]);
  const range = useMemo(() => scaleRange({ min: w.min, max: w.max }, 'diverging'), [w]);
  const captions = useMemo(() => (w.isOutput ? Array.from({ length: units }, (_, i) => String(i)) : undefined), [w, units]);
  return (
    <>
      <p className="notice-inline" data-testid="filters-no-conv">
        This model has no convolutional layers, so it has no filters. Shown instead: the weights of its first dense layer. Every unit
        looks at all 784 pixels at once; drawn as a 28×28 image, warm pixels push the unit up and cool ones push it down.
        {w.isOutput ? ' These units are the ten digits themselves, so each image is the template the model matches that digit against.' : ''}
      </p>
      <ColorCanvas
        tiles={tiles}
        map={DIVERGING}
        range={range}
        minTile={w.isOutput ? 84 : 44}
        maxTile={w.isOutput ? 120 : 72}
        captions={captions}
        ariaLabel={`Weights of ${units} units as 28 by 28 images`}
        testId="dense-weights-canvas"
      />
      <Legend map={DIVERGING} range={range} label="weight" />
      {!showAll && (
        <button type="button" className="button button--ghost" onClick={() => setShowAll(true)}>
          Show all {units} units
        </button>
      )}
    </>
  );
}
