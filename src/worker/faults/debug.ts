/** Test-only faults, provoked for real: an uncaught error, a busy loop, a lost WebGL context. Refused unless init had `debug`. */
import type { DebugFault } from '../../shared/protocol';
import { currentGl } from './context';
import { simulateStorageFull } from '../storage/health';
import { badRequest } from '../errors';

let enabled = false;

export function enableDebug(on: boolean | undefined): void {
  enabled = on === true;
}

export async function debugFault(kind: DebugFault): Promise<{ ok: true }> {
  if (!enabled) throw badRequest('debugFault is only available to automated tests');
  switch (kind) {
    case 'crash':
      // Thrown outside any handler: the worker's `error` event fires, as for a real bug.
      setTimeout(() => {
        throw new Error('debugFault: crash');
      }, 0);
      return { ok: true };
    case 'hang':
      // Never answers and never yields: only the bridge's hang limit can end it.
      return new Promise(() => {
        setTimeout(() => {
          for (;;) {
            // spin
          }
        }, 0);
      });
    case 'lose-context': {
      const gl = currentGl();
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!ext) throw badRequest('This worker has no WebGL context to lose');
      ext.loseContext();
      return { ok: true };
    }
    case 'storage-full':
    case 'storage-ok':
      // The browser's real quota cannot be filled dependably from a test (see e2e/library.spec.ts).
      simulateStorageFull(kind === 'storage-full');
      return { ok: true };
    default: {
      const never: never = kind;
      throw badRequest(`Unknown fault ${String(never)}`);
    }
  }
}
