import { describe, expect, it } from 'vitest';
import { measureEvictionCost } from './eviction-cost.js';

// Structure only: throughput and its growth are benchmark figures (`npm run bench`).
describe('measureEvictionCost', () => {
  it('measures both caches at every size, each overflowing set evicting exactly one entry', async () => {
    const rows = await measureEvictionCost([100, 300], 20);
    expect(rows.map((r) => r.entries)).toEqual([100, 300]);
    for (const r of rows) {
      expect(r.tenantCache.name).toContain(`TenantMemoryCache set + evict, ${r.entries} entries`);
      expect(r.seed.name).toContain('seed LimitedCache');
      expect(r.tenantCache.unit).toBe('sets/s');
      expect(r.tenantCache.throughput).toBeGreaterThan(0);
      expect(r.seed.throughput).toBeGreaterThan(0);
    }
  });
});
