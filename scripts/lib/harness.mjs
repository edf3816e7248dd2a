/** Builds the tool harness (harness.html + the app's worker) and serves it with Vite's preview server. */
import { build, preview } from 'vite';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds and serves the harness; returns its URL and a close function. */
export async function serveHarness(port = 4317) {
  // One build folder per port, so a running harness never has its files rebuilt under it.
  const outDir = resolve(root, `.cache/harness-dist-${port}`);
  await build({
    root,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: { harness: resolve(root, 'harness.html') } }, sourcemap: false },
  });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } });
  return { url: `http://127.0.0.1:${port}/harness.html`, close: () => server.close() };
}
