import { defineConfig } from '@playwright/test';
// @ts-expect-error: plain ESM helper shared with the Node scripts.
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Each port gets its own build folder, so two test runs never rebuild each other's site mid-test.
const OUT = `.cache/e2e-dist-${PORT}`;

/**
 * End-to-end tests drive the built site in the system Chromium (Playwright
 * cannot download its own browsers here) on Mesa llvmpipe's software WebGL.
 * One worker: the machine has two cores and WebGL in software is CPU-bound.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 860 },
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    // CI artifacts cannot be fetched here; traces only cost disk and time there.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    // The app's service worker would answer requests that specs route or take offline; specs that test it opt in.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${OUT} --emptyOutDir && npx vite preview --outDir ${OUT} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
  },
});
