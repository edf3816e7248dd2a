/** Wires fault handling into a worker once `init` has chosen its backend. */
import type { InitParams } from '../../shared/protocol';
import { state } from '../state';
import { storageStatus } from '../storage/health';
import { watchContext } from './context';
import { enableDebug } from './debug';

export { guarded } from './context';
export { debugFault } from './debug';

function tryDispose(x: { dispose(): void } | null | undefined): void {
  try {
    x?.dispose();
  } catch {
    // Its backend is gone; the memory went with the context.
  }
}

/** Called at the end of `init`: debug gate, context-loss watch, storage check (reported by the infer worker). */
export function afterInit(p: InitParams, load: (id: string) => Promise<string>): void {
  enableDebug(p.debug);
  watchContext({
    emit: (e) => state.emit(e),
    busy: () => state.training,
    setBackend: (b) => {
      state.backend = b;
    },
    drop: () => {
      tryDispose(state.model);
      state.model = null;
      tryDispose(state.data);
      state.data = null;
    },
    reload: async () => {
      const id = state.info?.id ?? null;
      if (!id) return null;
      return load(id);
    },
  });
  if (p.role === 'infer') {
    void storageStatus().then((status) => {
      if (status.mode === 'memory') state.emit({ type: 'storage', status });
    });
  }
}
