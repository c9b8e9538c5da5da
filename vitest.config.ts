import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; test files get their own table in it.
    globalSetup: ['test/global-setup.ts'],
    // The machines have 2 cores; DynamoDB Local (a JVM) shares them with the workers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
