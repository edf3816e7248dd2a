/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative base: the built site works from any folder of any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
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
