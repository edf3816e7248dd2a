/** Library section (placeholder until the model library lands). */
import { ComingSoon } from '../common/ComingSoon';

export function LibraryPanel() {
  return (
    <ComingSoon
      title="Your model library"
      points={['Every model you train, with its accuracy', 'Switch the model that reads your drawings', 'Export and import models as files']}
    >
      Keep, compare, export and import the models you make.
    </ComingSoon>
  );
}
