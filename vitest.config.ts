import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Set before any handler module builds its Powertools logger and metrics (they read these
    // once, at construction): quiet tests; CROSSCLAIM_TEST_LOG_LEVEL=INFO shows the logs.
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.CROSSCLAIM_TEST_LOG_LEVEL ?? 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
    // One DynamoDB Local for the whole run; test files get their own table in it.
    globalSetup: ['test/global-setup.ts'],
    // The machines have 2 cores; DynamoDB Local (a JVM) shares them with the workers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a workflow to move: 1 s (vitest's default) is too short on 2 loaded
    // cores, where a re-run through three steps has taken 1–4 s; a poll that holds returns at once.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
