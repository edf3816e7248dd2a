/** What the user is told when a training run fails, by error code. */
import type { WorkerErrorInfo } from '../../shared/protocol';

/** The alert wording for a failed run, by error code. */
export function trainAlert(info: WorkerErrorInfo): { title: string; message: string } {
  const file = info.file ? ` ${info.file}` : '';
  switch (info.code) {
    case 'data-missing':
      return { title: 'The training data is missing', message: `The MNIST data file${file} could not be loaded, so training cannot run. (Running Digit Lab yourself? \`npm run prepare-data\` creates it.)` };
    case 'data-corrupt':
      return { title: 'The training data is damaged', message: `The MNIST data file${file} is damaged or incomplete, so training stopped. Reloading the page fetches it again.` };
    case 'nan-loss':
      return { title: 'Training diverged', message: info.message };
    case 'bad-request':
      return { title: 'Training could not start', message: info.message };
    case 'storage':
      return { title: 'The trained model could not be stored', message: 'The browser refused to save it (storage full, blocked, or private browsing). Free some space and try again.' };
    case 'cancelled':
      return { title: 'Training was cancelled', message: info.message };
    default:
      return { title: 'Training stopped unexpectedly', message: info.message };
  }
}
