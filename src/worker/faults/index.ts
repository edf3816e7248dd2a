/** Wires fault handling into a worker once `init` has chosen its backend. */
import type { InitParams } from '../../shared/protocol';
import { forgetGpuState, state } from '../state';
import { storageStatus } from '../storage/health';
import { watchContext } from './context';
import { enableDebug } from './debug';

export { guarded } from './context';
export { debugFault } from './debug';

/** Called once tfjs's backend is up: debug gate, context-loss watch, storage check (reported by the infer worker). */
export function afterInit(p: InitParams, load: (id: string) => Promise<string>): void {
  enableDebug(p.debug);
  watchContext({
    emit: (e) => state.emit(e),
    busy: () => state.training,
    setBackend: (b) => {
      state.backend = b;
    },
    drop: forgetGpuState,
    reload: async () => {
      const id = state.info?.id ?? null;
      if (!id) return null;
      return load(id);
    },
  });
  reportStorage(p);
}

let storageReported = false;

/** The infer worker tells the page once when storage falls back to memory (at init, with or without tfjs's backend). */
export function reportStorage(p: InitParams): void {
  if (p.role !== 'infer' || storageReported) return;
  storageReported = true;
  void storageStatus().then((status) => {
    if (status.mode === 'memory') state.emit({ type: 'storage', status });
  });
}
