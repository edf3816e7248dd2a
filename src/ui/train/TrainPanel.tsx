/** Train section (placeholder until the training dashboard lands). */
import { ComingSoon } from '../common/ComingSoon';

export function TrainPanel() {
  return (
    <ComingSoon
      title="Train a network in this tab"
      points={['Pick an architecture and a recipe', 'Watch loss and accuracy live while the page stays smooth', 'Stop any time; the weights are kept']}
    >
      Train a convolutional network on the 60,000 MNIST digits, right here on your own device.
    </ComingSoon>
  );
}
