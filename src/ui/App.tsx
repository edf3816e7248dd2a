/** The app shell: header with status, section tabs, messages, and the active section. */
import { SectionBoundary } from './common/SectionBoundary';
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { ModelStatus } from './common/ModelStatus';
import { RunIndicator } from './common/RunIndicator';
import { ScrollTabs } from './common/ScrollTabs';
import { Alerts, Notices } from './common/Messages';
import { SECTION_LABELS, sectionFromHash } from './common/sections';
import { DrawPanel } from './draw/DrawPanel';
import { PresentButton } from './present/PresentButton';
import { SECTIONS, useStore, type Section } from './store';

// Drawing is the first paint; the other sections (and their chart code) load when opened.
const PANELS: Record<Section, ComponentType> = {
  draw: DrawPanel,
  train: lazy(() => import('./train/TrainPanel').then((m) => ({ default: m.TrainPanel }))),
  teach: lazy(() => import('./samples/TeachPanel').then((m) => ({ default: m.TeachPanel }))),
  inspect: lazy(() => import('./inspect/InspectPanel').then((m) => ({ default: m.InspectPanel }))),
  library: lazy(() => import('./library/LibraryPanel').then((m) => ({ default: m.LibraryPanel }))),
};

export function App() {
  const section = useStore((s) => s.section);

  // The section lives in the URL hash, so it survives reloads and can be linked to.
  useEffect(() => {
    const sync = () => useStore.getState().setSection(sectionFromHash(location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, []);

  const Panel = PANELS[section];
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <span>7</span>
          </span>
          <div className="brand-text">
            <span className="brand-name">Digit Lab</span>
            <span className="brand-tagline">A neural network in your browser tab</span>
          </div>
        </div>
        <div className="app-header-side">
          <PresentButton />
          <ModelStatus />
        </div>
      </header>

      <ScrollTabs current={section}>
        {SECTIONS.map((id) => (
          <a key={id} href={`#${id}`} className="tab" aria-current={id === section ? 'page' : undefined} data-testid={`tab-${id}`}>
            {SECTION_LABELS[id]}
            {id === 'train' && <RunIndicator />}
          </a>
        ))}
      </ScrollTabs>

      <Alerts />
      <Notices />

      <main id="main" className="app-main" tabIndex={-1} aria-label={SECTION_LABELS[section]}>
        <SectionBoundary section={section}>
          <Suspense fallback={<p className="panel-loading" role="status">Loading {SECTION_LABELS[section]}…</p>}>
            <Panel />
          </Suspense>
        </SectionBoundary>
      </main>

      <footer className="app-footer">
        Everything runs on your device; your drawings never leave this tab.
      </footer>
    </div>
  );
}
