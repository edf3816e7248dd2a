/** Teach section (placeholder until personal samples and fine-tuning land). */
import { ComingSoon } from '../common/ComingSoon';

export function TeachPanel() {
  return (
    <ComingSoon
      title="Teach it your handwriting"
      points={['Draw a few examples of each digit', 'Fine-tune the model on them', 'See how well it reads you before and after']}
    >
      Collect samples of your own digits and adapt the network to the way you write.
    </ComingSoon>
  );
}
