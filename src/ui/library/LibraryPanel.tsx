/** The model library: every model with its numbers, switch / rename / duplicate / delete, export and import, storage. */
import { useEffect } from 'react';
import { useStore } from '../store';
import { exportModel, exportOnnx, refreshLibrary, refreshStorage } from './actions';
import { ImportButton, ImportProgress } from './ImportControls';
import { ModelTable } from './ModelTable';
import { StorageCard } from './StorageCard';
import { Icon } from '../common/Icon';
import './library.css';

export function LibraryPanel() {
  const models = useStore((s) => s.libraryModels);
  const loading = useStore((s) => s.libraryLoading);
  const error = useStore((s) => s.libraryError);
  const modelReady = useStore((s) => s.modelReady);
  const modelName = useStore((s) => s.modelName);
  const exporting = useStore((s) => (s.modelId ? s.libraryBusy[s.modelId] === 'exporting' : false));
  const exportingOnnx = useStore((s) => (s.modelId ? s.libraryBusy[s.modelId] === 'exporting-onnx' : false));

  useEffect(() => {
    void refreshLibrary();
    void refreshStorage();
    // An import or export error is about this page's files: it goes when the user leaves the Library.
    return () => {
      const st = useStore.getState();
      for (const key of ['import', 'export', 'export-onnx']) st.dismissAlert(key);
    };
  }, []);

  return (
    <div className="library-layout">
      <section className="card library-models" aria-labelledby="library-title" data-testid="library" data-count={models ? models.length : ''}>
        <div className="library-head">
          <div>
            <h2 id="library-title" className="library-title">Your models</h2>
            <p className="library-sub">
              {models ? `${models.length} model${models.length === 1 ? '' : 's'}` : loading ? 'Loading…' : ''} · the active one reads your drawings
            </p>
          </div>
          <div className="toolbar library-actions">
            <button
              type="button"
              className="button"
              data-testid="export-model"
              disabled={!modelReady || exporting}
              onClick={() => void exportModel()}
              title={modelName ? `Download “${modelName}” as one zip: model.json + model.weights.bin + meta.json` : undefined}
            >
              <Icon name="download" size={16} />
              {exporting ? 'Exporting…' : 'Export active'}
            </button>
            <button
              type="button"
              className="button"
              data-testid="export-onnx"
              disabled={!modelReady || exportingOnnx}
              onClick={() => void exportOnnx()}
              title={modelName ? `Download “${modelName}” as model.onnx, for onnxruntime and other ONNX runtimes` : undefined}
            >
              <Icon name="download" size={16} />
              {exportingOnnx ? 'Exporting…' : 'Export ONNX'}
            </button>
            <ImportButton />
          </div>
        </div>
        <ImportProgress />
        {error && (
          <p className="library-error" role="alert">
            The library could not be read: {error}
          </p>
        )}
        {models ? <ModelTable models={models} /> : <p className="library-empty">{loading ? 'Reading the library…' : ''}</p>}
      </section>
      <StorageCard />
    </div>
  );
}
