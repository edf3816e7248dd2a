/** The picked runs' settings and results side by side; rows where they differ are marked. */
import { useMemo } from 'react';
import { RUN_COLORS } from './CompareChart';
import { compareTable, type CompareRun } from './runs';

export function CompareTable({ runs }: { runs: CompareRun[] }) {
  const rows = useMemo(() => compareTable(runs), [runs]);
  const differing = rows.filter((r) => r.differs).length;
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" data-testid="compare-table" data-differing={differing}>
        <caption className="sr-only">Settings and results of the compared runs; rows where they differ are marked “differs”.</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {runs.map((r, i) => (
              <th key={r.key} scope="col">
                <span className="compare-swatch" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} aria-hidden="true" />
                {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, k) => (
            <tr key={row.label} className={`${row.differs ? 'compare-diff' : ''}${k > 0 && rows[k - 1].group !== row.group ? ' compare-group' : ''}`} data-differs={row.differs}>
              <th scope="row">
                {row.label}
                {row.differs && runs.length > 1 && <span className="compare-diff-tag">differs</span>}
              </th>
              {row.values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
