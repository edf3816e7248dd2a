/** Look inside section (placeholder until the inspector lands). */
import { ComingSoon } from '../common/ComingSoon';

export function InspectPanel() {
  return (
    <ComingSoon
      title="Look inside the network"
      points={['Filters and activations of every layer', 'The test digits it gets wrong, and what it guessed', 'A confusion matrix of all ten digits']}
    >
      See what each layer responds to and where the network gets confused.
    </ComingSoon>
  );
}
