/** Epochs, batch size, learning rate, optimizer and augmentation; each bad value says why. */
import type { OptimizerId } from '../../shared/types';
import { defaultConfig, ZOO } from '../../shared/zoo';
import { useStore } from '../store';
import { canWarmStart, defaultForm, formatInt, startingPoint, parseNumber, strokeShareFor, type NumericField, type ParsedForm, type TrainForm } from './form';
import { TRAIN_IMAGES } from './running';

const OPTIMIZERS: { id: OptimizerId; label: string }[] = [
  { id: 'adam', label: 'Adam' },
  { id: 'rmsprop', label: 'RMSprop' },
  { id: 'sgd', label: 'SGD' },
];

function hint(field: NumericField, form: TrainForm): string {
  switch (field) {
    case 'epochs':
      return `Passes over all ${formatInt(TRAIN_IMAGES)} training images.`;
    case 'batchSize': {
      const bs = parseNumber(form.batchSize);
      return bs >= 1 ? `Images per step: ${formatInt(Math.ceil(TRAIN_IMAGES / bs))} steps per epoch.` : 'Images per step.';
    }
    case 'learningRate':
      return 'How big each step is.';
  }
}

const pct = (share: number | undefined) => `${Math.round((share ?? 0) * 100)}%`;

const FIELDS: { field: NumericField; label: string; inputMode: 'numeric' | 'decimal'; testId: string }[] = [
  { field: 'epochs', label: 'Epochs', inputMode: 'numeric', testId: 'train-epochs' },
  { field: 'batchSize', label: 'Batch size', inputMode: 'numeric', testId: 'train-batch-size' },
  { field: 'learningRate', label: 'Learning rate', inputMode: 'decimal', testId: 'train-learning-rate' },
];

export function Hyperparams({ disabled, parsed }: { disabled: boolean; parsed: ParsedForm }) {
  const form = useStore((s) => s.trainForm);
  const setForm = useStore((s) => s.setTrainForm);
  const pick = useStore((s) => s.pickTrainArch);
  const recipe = defaultConfig(form.arch);
  const activeId = useStore((s) => s.modelId);
  const activeArch = useStore((s) => s.modelInfo?.arch);
  const activeName = useStore((s) => s.modelName);
  const active = startingPoint(activeId, activeArch);
  const warmOk = canWarmStart(form, active);
  const lesson = defaultForm(form.arch);
  const full = form.epochs === String(recipe.epochs);
  const custom = (form.epochs !== lesson.epochs && !full) || form.batchSize !== String(recipe.batchSize) || form.learningRate !== String(recipe.learningRate) || form.optimizer !== recipe.optimizer || form.augment !== recipe.augment || form.strokes !== lesson.strokes;
  const warps = !!(recipe.elastic || recipe.thickness);

  return (
    <fieldset className="train-fieldset" disabled={disabled}>
      <legend className="train-legend">
        Hyperparameters
        {custom ? (
          <button type="button" className="link-button" onClick={() => pick(form.arch)}>
            Reset to recipe
          </button>
        ) : recipe.epochs > Number(lesson.epochs) && (
          <button
            type="button"
            className="link-button"
            data-testid="train-full-recipe"
            onClick={() => setForm({ epochs: full ? lesson.epochs : String(recipe.epochs) })}
            title={full ? 'A short run for a lesson: minutes, not hours' : `The recipe's ${recipe.epochs} epochs: the best accuracy, but many times longer`}
          >
            {full ? `Lesson size (${lesson.epochs} epoch${lesson.epochs === '1' ? '' : 's'})` : `Full recipe (${recipe.epochs} epochs)`}
          </button>
        )}
      </legend>
      <div className="hp-grid">
        {FIELDS.map(({ field, label, inputMode, testId }) => {
          const problem = parsed.problems[field];
          const id = `hp-${field}`;
          return (
            <div key={field} className="field" data-invalid={problem ? 'true' : undefined}>
              <label htmlFor={id} className="field-label">
                {label}
              </label>
              <input
                id={id}
                className="input"
                type="text"
                inputMode={inputMode}
                autoComplete="off"
                spellCheck={false}
                data-testid={testId}
                value={form[field]}
                onChange={(e) => setForm({ [field]: e.target.value })}
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${id}-note`}
              />
              <p id={`${id}-note`} className={problem ? 'field-error' : 'field-hint'} data-testid={problem ? `${testId}-error` : undefined}>
                {problem ?? hint(field, form)}
              </p>
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="hp-optimizer" className="field-label">
            Optimizer
          </label>
          <select id="hp-optimizer" className="input" data-testid="train-optimizer" value={form.optimizer} onChange={(e) => setForm({ optimizer: e.target.value as OptimizerId })}>
            {OPTIMIZERS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          <p className="field-hint">How steps use past gradients.</p>
        </div>
      </div>
      <label className="toggle">
        <input type="checkbox" role="switch" data-testid="train-augment" checked={form.augment} onChange={(e) => setForm({ augment: e.target.checked })} />
        <span className="toggle-track" aria-hidden="true">
          <span className="toggle-thumb" />
        </span>
        <span className="toggle-text">
          <span className="toggle-label">Augmentation</span>
          <span className="field-hint">
            {warps
              ? 'Random shifts, rotations and zoom, elastic warps and thicker or thinner strokes, so it learns shapes rather than one way of writing them.'
              : 'Random shifts, rotations and zoom, so it learns shapes rather than positions.'}
          </span>
        </span>
      </label>
      <label className="toggle">
        <input type="checkbox" role="switch" data-testid="train-strokes" checked={form.strokes} onChange={(e) => setForm({ strokes: e.target.checked })} aria-describedby="hp-strokes-note" />
        <span className="toggle-track" aria-hidden="true">
          <span className="toggle-thumb" />
        </span>
        <span className="toggle-text">
          <span className="toggle-label">Mix in drawn digits</span>
          <span id="hp-strokes-note" className="field-hint">
            {Math.round(strokeShareFor(form.arch) * 100)}% of each batch are synthetic mouse, finger and pen digits, so it reads drawings, not only scans. No cost in speed: the batch keeps its size.
          </span>
        </span>
      </label>
      <label className="toggle">
        <input type="checkbox" role="switch" data-testid="train-average" checked={!!form.average} onChange={(e) => setForm({ average: e.target.checked })} aria-describedby="hp-average-note" />
        <span className="toggle-track" aria-hidden="true">
          <span className="toggle-thumb" />
        </span>
        <span className="toggle-text">
          <span className="toggle-label">Average the weights</span>
          <span id="hp-average-note" className="field-hint">
            Test and keep a moving average of the weights over the last few hundred batches, not the last batch’s: steadier on digits the data pulls two ways, like a European 1 against a 7. No cost in speed.
          </span>
        </span>
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          role="switch"
          data-testid="train-warm-start"
          checked={!!form.warmStart && warmOk}
          disabled={!warmOk}
          onChange={(e) => setForm({ warmStart: e.target.checked })}
          aria-describedby="hp-warm-note"
        />
        <span className="toggle-track" aria-hidden="true">
          <span className="toggle-thumb" />
        </span>
        <span className="toggle-text">
          <span className="toggle-label">Start from the active model</span>
          <span id="hp-warm-note" className="field-hint">
            {warmOk
              ? `Continue from the weights of \u201c${activeName ?? activeId}\u201d with this run\u2019s schedule. Off: fresh random weights.`
              : active
                ? `The active model is not a ${ZOO[form.arch].name}: pick its architecture to continue from it.`
                : 'No model is active yet.'}
          </span>
        </span>
      </label>
      <p className="recipe-note">
        Also from the recipe: {recipe.schedule === 'one-cycle' ? 'one-cycle learning-rate schedule' : 'constant learning rate'}
        {recipe.labelSmoothing > 0 ? `, label smoothing ${recipe.labelSmoothing}` : ''}
        {warps ? `; while augmenting, elastic warps on ${pct(recipe.elastic)} and thickness changes on ${pct(recipe.thickness)} of the images` : ''}.
      </p>
    </fieldset>
  );
}
