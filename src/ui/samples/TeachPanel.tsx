/** The Teach section: collect samples of your handwriting, fine-tune the network on them, and see before and after. */
import { useEffect } from 'react';
import { CollectCard } from './CollectCard';
import { CompareCard } from './CompareCard';
import { SamplesCard } from './SamplesCard';
import { TuneCard } from './TuneCard';
import { teachController } from './controller';
import './teach.css';

export function TeachPanel() {
  useEffect(() => {
    const c = teachController();
    void c.ensureLoaded();
    void c.refreshTuned();
  }, []);

  return (
    <div className="teach-layout">
      <div className="teach-side">
        <CollectCard />
        <CompareCard />
      </div>
      <div className="teach-main">
        <TuneCard />
        <SamplesCard />
      </div>
    </div>
  );
}
