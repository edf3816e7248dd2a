/** The header's status pill: backend, model and whether it is ready. Carries the `model-status` test hook. */
import { useStore } from '../store';

const STATUS_TEXT = { idle: 'Starting', loading: 'Loading', ready: 'Ready', error: 'Unavailable' } as const;

export function ModelStatus() {
  const backend = useStore((s) => s.backend);
  const status = useStore((s) => s.modelStatus);
  const ready = useStore((s) => s.modelReady);
  const modelId = useStore((s) => s.modelId);
  const modelName = useStore((s) => s.modelName);
  const version = useStore((s) => s.modelVersion);
  const predictOn = useStore((s) => s.predictOn);
  const backendLabel = backend === 'webgl' ? 'WebGL' : backend === 'cpu' ? 'CPU' : '…';
  const name = modelName ?? (modelId === 'default' ? 'Shipped model' : modelId ?? 'No model');
  return (
    <div
      className="status-pill"
      data-testid="model-status"
      data-ready={ready ? 'true' : 'false'}
      data-model={modelId ?? ''}
      data-version={version ?? ''}
      data-state={status}
      role="status"
      aria-label={`Model ${name}, ${STATUS_TEXT[status].toLowerCase()}, running on ${backendLabel}`}
    >
      <span
        className="status-backend"
        data-predict-on={predictOn ?? ''}
        title={
          backend === 'webgl' && predictOn === 'cpu'
            ? 'Training and Look inside run on WebGL; one-image predictions run on a CPU copy of the model, which is quicker here and never waits behind training'
            : 'Where the network runs'
        }
      >
        {backendLabel}
        {backend === 'webgl' && predictOn === 'cpu' ? <span className="status-backend-more"> · CPU</span> : null}
      </span>
      <span className="status-model" title={modelId ? `Model id: ${modelId}, version ${version ?? '–'}` : undefined}>{name}</span>
      <span className="status-state">
        <span className={`status-dot status-dot--${status}`} aria-hidden="true" />
        {STATUS_TEXT[status]}
      </span>
    </div>
  );
}
