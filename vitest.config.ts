import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Built-in scenarios import heapgate's public entry points by name (as users' scenarios
    // do); tests resolve them to the sources, the same modules the tests import directly.
    alias: [
      { find: /^heapgate$/, replacement: here('./index.ts') },
      { find: /^heapgate\/services$/, replacement: here('./harness/services/index.ts') },
      { find: /^heapgate\/providers$/, replacement: here('./harness/services/providers.ts') },
      { find: /^heapgate\/probe$/, replacement: here('./harness/service-probe/index.ts') },
    ],
  },
  test: {
    include: ['harness/**/*.test.ts', 'scenarios/**/*.test.ts', 'reference-impl/**/*.test.ts', 'bench/**/*.test.ts'],
    // One PostgreSQL and one Redis for the whole run, started through the project's own
    // service providers; tests read the endpoints from the environment it sets.
    globalSetup: ['harness/testing/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only add contention to the child processes tests spawn.
    maxWorkers: 2,
  },
});
