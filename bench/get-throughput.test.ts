import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureGetPairs, measureGetPairsInProcess } from './get-throughput.js';

// Structure only: the ratios themselves are benchmark figures (`npm run bench`), not test asserts.
describe('get throughput pairs', () => {
  it('measures both wrappers against raw lru-cache get in a fresh child process', async () => {
    const childScript = path.resolve('dist/bench/get-throughput-child.js');
    const perProcess = await measureGetPairs({ processes: 1, rounds: 2, childScript });
    expect(perProcess).toHaveLength(1);
    const pairs = perProcess[0]!;
    expect(pairs.map((p) => p.name)).toEqual(['instrumented', 'tiered']);
    for (const p of pairs) {
      expect(p.ratios).toHaveLength(2);
      expect(p.raw.throughput).toBeGreaterThan(0);
      expect(p.wrapped.throughput).toBeGreaterThan(0);
      expect(p.raw.unit).toBe('gets/s');
      expect(p.medianRatio).toBeCloseTo((p.ratios[0]! + p.ratios[1]!) / 2, 10);
      expect(Number.isFinite(p.medianRatio) && p.medianRatio > 0).toBe(true);
    }
    expect(pairs[1]!.raw.name).toContain('awaited');
  });

  it('rejects a non-positive round count before measuring', async () => {
    await expect(measureGetPairsInProcess(0)).rejects.toThrow(/rounds must be a positive integer/);
    await expect(measureGetPairs({ processes: 0 })).rejects.toThrow(/processes must be a positive integer/);
  });

  it('names the child that failed', async () => {
    await expect(measureGetPairs({ processes: 1, rounds: 1, childScript: path.resolve('dist/no-such-child.js') })).rejects.toThrow(
      /get throughput child failed/,
    );
  });
});
