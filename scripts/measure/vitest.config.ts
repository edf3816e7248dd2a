/** Measurements that are not tests: run one with `npx vitest run --config scripts/measure/vitest.config.ts`. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/measure/*.measure.ts'],
    environment: 'node',
    testTimeout: 1_200_000,
    pool: 'forks',
  },
});
