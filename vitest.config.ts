import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that start real servers pick random loopback ports; two cores, so keep forks modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
