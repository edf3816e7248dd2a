/** The zoo as radio cards: name, kind and parameter count; the chosen one shows where it comes from. */
import { ARCH_IDS, ZOO } from '../../shared/zoo';
import { formatParams, paramCount } from '../../shared/zoo-stats';
import { useStore } from '../store';
import { formatInt } from './form';
import { archKind } from './running';

const PARAMS = Object.fromEntries(ARCH_IDS.map((id) => [id, paramCount(ZOO[id])])) as Record<(typeof ARCH_IDS)[number], number>;

export function ArchPicker({ disabled }: { disabled: boolean }) {
  const arch = useStore((s) => s.trainForm.arch);
  const pick = useStore((s) => s.pickTrainArch);
  return (
    <fieldset className="train-fieldset" disabled={disabled}>
      <legend className="train-legend">Architecture</legend>
      <div className="arch-list" data-testid="train-arch">
        {ARCH_IDS.map((id) => {
          const spec = ZOO[id];
          return (
            <label key={id} className="arch-option" data-selected={id === arch}>
              <input type="radio" name="train-arch" value={id} checked={id === arch} onChange={() => pick(id)} aria-describedby={id === arch ? 'arch-origin' : undefined} />
              <span className="arch-name">{spec.name}</span>
              <span className="arch-meta" title={`${formatInt(PARAMS[id])} parameters`}>
                <span className="arch-kind">{archKind(spec)}</span>
                <span className="arch-params">{formatParams(PARAMS[id])}</span>
              </span>
            </label>
          );
        })}
      </div>
      <p id="arch-origin" className="arch-origin">
        {ZOO[arch].origin} <span className="arch-origin-count">{formatInt(PARAMS[arch])} parameters.</span>
      </p>
    </fieldset>
  );
}
