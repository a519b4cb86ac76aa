import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scenarios/**/*.test.ts', 'reference-impl/**/*.test.ts'],
    // One PostgreSQL (and later Redis) for the whole run, started through the project's own
    // service providers; tests read the endpoints from the environment it sets.
    globalSetup: ['harness/testing/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only add contention to the child processes tests spawn.
    maxWorkers: 2,
  },
});
