/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Relative base: the built site works from any folder of any static host.
export default defineConfig({
  base: './',
  // Hash routes only: a missing file must be a 404, not index.html, so errors name it truthfully.
  appType: 'mpa',
  plugins: [
    react(),
    // Offline after the first visit: precache the app shell and the shipped model; keep MNIST shards once fetched.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,json,bin,svg,png,ico,woff2}'],
        globIgnores: ['data/**', '**/*.map', 'harness.html'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.includes('/data/mnist/'),
            handler: 'CacheFirst',
            options: { cacheName: 'digit-lab-mnist', expiration: { maxEntries: 64 }, cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
