/** The Train section: set up a run on the left; watch it, and what it learned, on the right. */
import { useEffect } from 'react';
import { useStore } from '../store';
import { trainController } from './controller';
import { CurvesCard } from './CurvesCard';
import { CompareCard } from '../compare/CompareCard';
import { RaceCard } from '../race/RaceCard';
import { Explainer } from './Explainer';
import { ResultsCard } from './ResultsCard';
import { ResumeOffer } from './ResumeOffer';
import { RunCard } from './RunCard';
import { SetupCard } from './SetupCard';
import './train.css';

export function TrainPanel() {
  const hasResult = useStore((s) => s.trainRun.state === 'done');

  // An earlier visit (or a reload mid-run) may have left a checkpoint to offer.
  useEffect(() => {
    const c = trainController();
    if (!c.busy && !useStore.getState().trainCheckpointChecked) void c.checkCheckpoint();
  }, []);

  return (
    <div className="train">
      <ResumeOffer />
      <div className="train-layout">
        <div className="train-setup-area">
          <SetupCard />
        </div>
        <div className="train-explainer-area">
          <Explainer />
        </div>
        <div className="train-main">
          <RunCard />
          <CurvesCard />
          {hasResult && <ResultsCard />}
        </div>
      </div>
      <RaceCard />
      <CompareCard />
    </div>
  );
}
