/** The app shell: header with status, section tabs, messages, and the active section. */
import { useEffect, type ComponentType } from 'react';
import { ModelStatus } from './common/ModelStatus';
import { Alerts, Notices } from './common/Messages';
import { SECTION_LABELS, sectionFromHash } from './common/sections';
import { DrawPanel } from './draw/DrawPanel';
import { InspectPanel } from './inspect/InspectPanel';
import { LibraryPanel } from './library/LibraryPanel';
import { TeachPanel } from './samples/TeachPanel';
import { SECTIONS, useStore, type Section } from './store';
import { TrainPanel } from './train/TrainPanel';

const PANELS: Record<Section, ComponentType> = {
  draw: DrawPanel,
  train: TrainPanel,
  teach: TeachPanel,
  inspect: InspectPanel,
  library: LibraryPanel,
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
        <ModelStatus />
      </header>

      <nav className="tabs" aria-label="Sections">
        {SECTIONS.map((id) => (
          <a key={id} href={`#${id}`} className="tab" aria-current={id === section ? 'page' : undefined} data-testid={`tab-${id}`}>
            {SECTION_LABELS[id]}
          </a>
        ))}
      </nav>

      <Alerts />
      <Notices />

      <main id="main" className="app-main" tabIndex={-1} aria-label={SECTION_LABELS[section]}>
        <Panel />
      </main>

      <footer className="app-footer">
        Everything runs on your device; your drawings never leave this tab.
      </footer>
    </div>
  );
}
