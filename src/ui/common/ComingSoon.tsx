/** Placeholder for a section that is not built yet. */
import type { ReactNode } from 'react';

export function ComingSoon({ title, children, points }: { title: string; children: ReactNode; points: string[] }) {
  return (
    <section className="card coming-soon" aria-labelledby="coming-soon-title">
      <p className="eyebrow">Coming soon</p>
      <h2 id="coming-soon-title">{title}</h2>
      <p className="lede">{children}</p>
      <ul className="coming-soon-list">
        {points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </section>
  );
}
