import { defineConfig } from 'vitest/config';

// `npm test` may itself run inside a measured hook (a pre-push hook under `hookscope exec`): the
// hooks the tests start must not take that hook's labels, nor count as its body.
for (const k of ['HOOKSCOPE_EXEC_SPAN_ID', 'HOOKSCOPE_HOOK_EVENT', 'HOOKSCOPE_HOOK_NAME']) {
  delete process.env[k];
}

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that start real servers pick random loopback ports; two cores, so keep forks modest.
    pool: 'forks',
    // Collectors started by tests (in process or as `hookscope collector`) must not all take the
    // OTLP receiver's default port 4318: each picks a free one unless a test says otherwise.
    env: { HOOKSCOPE_OTLP_PORT: '0' },
    maxWorkers: 2,
  },
});
