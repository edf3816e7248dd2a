/** Before and after a fine-tuning run: accuracy on the user's held-out samples, on MNIST test digits and on the held-out drawn digits. */
import type { FineTuneResult } from '../../shared/teach-types';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const pts = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pts`;
const fmt = (n: number) => n.toLocaleString('en-US');

export function ScoreTable({ result }: { result: FineTuneResult }) {
  const { before, after } = result;
  const rows = [
    {
      key: 'own',
      testId: 'score-own',
      label: 'Your held-out samples',
      hint: before.own ? `${before.own.count} of yours, never trained on` : 'needs 5 or more samples',
      b: before.own?.accuracy ?? null,
      a: after.own?.accuracy ?? null,
      // Learning your style is the point: up is good.
      goodUp: true,
    },
    {
      key: 'mnist',
      testId: 'score-mnist',
      label: 'MNIST test digits',
      hint: `${fmt(before.mnist.count)} it never trained on`,
      b: before.mnist.accuracy,
      a: after.mnist.accuracy,
      goodUp: true,
    },
    {
      key: 'strokes',
      testId: 'teach-stroke-accuracy',
      label: 'Drawn digits',
      // Other hands' drawings: did teaching yours cost them?
      hint: before.strokes ? `${fmt(before.strokes.count)} held-out strokes of many hands` : 'not measured: no drawn-digit set here',
      b: before.strokes?.accuracy ?? null,
      a: after.strokes?.accuracy ?? null,
      goodUp: true,
    },
  ];
  return (
    <div className="teach-scores">
      <table className="teach-table" data-testid="score-table">
        <caption className="sr-only">Accuracy before and after fine-tuning</caption>
        <thead>
          <tr>
            <th scope="col">Accuracy on</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const d = r.a !== null && r.b !== null ? r.a - r.b : null;
            const tone = d === null || Math.abs(d) < 0.0005 ? 'flat' : (d > 0) === r.goodUp ? 'up' : 'down';
            return (
              <tr key={r.key} data-testid={r.testId} data-before={r.b ?? ''} data-after={r.a ?? ''}>
                <th scope="row">
                  {r.label}
                  <span className="teach-table-hint">{r.hint}</span>
                </th>
                <td>{r.b === null ? '–' : pct(r.b)}</td>
                <td className="teach-table-after">{r.a === null ? '–' : pct(r.a)}</td>
                <td>
                  <span className={`teach-delta teach-delta--${tone}`}>{d === null ? '–' : pts(d)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {result.guard && (
        <p className="teach-table-foot teach-guard" data-testid="tune-guard" data-rollbacks={result.guard.rollbacks}>
          <strong>Forgetting guard</strong> · MNIST validation digits ({fmt(result.guard.count)}): {pct(result.guard.before)} → {pct(result.guard.after)}, allowed to fall at most{' '}
          {(result.guard.tolerance * 100).toFixed(1)} points.{' '}
          {result.guard.rollbacks > 0
            ? `It stepped back ${result.guard.rollbacks === 1 ? 'once' : `${result.guard.rollbacks} times`} to weights that kept MNIST, with a smaller learning rate.`
            : `Checked ${result.guard.checks} times; never needed to step back.`}
        </p>
      )}
      <p className="teach-table-foot">
        {result.stoppedEarly ? 'Stopped after' : 'Took'} {result.steps} steps on {fmt(result.variants)} variants of {result.trainSamples} drawing{result.trainSamples === 1 ? '' : 's'},{' '}
        {Math.round(result.config.replayRatio * 100)}% MNIST replay · {result.wallTimeSec.toFixed(1)} s in all ({result.trainSeconds.toFixed(1)} s training). Saved to the
        library as “{result.model.name}”.
      </p>
    </div>
  );
}
