/** The library's models as a table (cards on narrow screens), the active one first and badged. */
import type { ModelInfo } from '../../shared/types';
import { useStore } from '../store';
import { ModelRow } from './ModelRow';

export function ModelTable({ models }: { models: ModelInfo[] }) {
  const activeId = useStore((s) => s.modelId);
  if (models.length === 0) {
    return <p className="library-empty">No models yet. Train one, or import model.json with its weights.</p>;
  }
  return (
    <div className="model-table-wrap">
      <table className="model-table" data-testid="library-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num" title="Accuracy on the 10,000 MNIST test images">MNIST test</th>
            <th scope="col" className="num" title="Accuracy on the 2,500 held-out drawn digits: canvas strokes in many handwriting styles, never trained on">Drawn digits</th>
            <th scope="col" className="num" title="Accuracy on your own held-out drawings (Teach)">Your digits</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <ModelRow key={m.id} model={m} active={m.id === activeId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
