/**
 * The no-op scenario of `bench/run-overhead.bench.ts`: `run` does nothing, so a run's wall time
 * minus its `durationMs` is all harness overhead. A plain object, like a user's `.mjs`
 * scenario, so the child imports nothing of heapgate's public API for it.
 */
export default {
  name: 'bench-noop',
  summary: 'does nothing: what a measured run costs around its measured phase',
  source: 'issue 14, deliverable 5',
  defaultRecords: 1,
  services: [],
  variants: {
    noop: { summary: 'returns no counters', run: () => ({}) },
  },
};
