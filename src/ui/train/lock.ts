/** One training run at a time across this browser's tabs (they share one checkpoint). */

/** One training run across this browser's tabs: a Web Lock held for the run (no Web Locks: no guard). */
export function claimRunLock(): Promise<(() => void) | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    locks
      .request('digit-lab-training', { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        // Held until the run ends (or the tab closes).
        return new Promise<void>((done) => resolve(() => done()));
      })
      .catch(() => resolve(() => undefined));
  });
}
