import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerCacheMetrics } from './cache-metrics.js';
import { CacheRegistry } from './cache-registry.js';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';
import { TenantMemoryCache } from './tenant-memory-cache.js';

const value = (i: number) => ({ id: `item-${i}`, payload: 'p'.repeat(200) });

function lru(name: string, maxSizeBytes = 1_000_000) {
  return new InstrumentedLruCache<string, object>({ name, maxSizeBytes });
}

describe('CacheRegistry', () => {
  it('keeps the sum of all caches under one global budget', () => {
    const registry = new CacheRegistry({ maxTotalBytes: 60_000 });
    const caches = [lru('a'), lru('b'), lru('c')];
    for (const c of caches) registry.register(c);
    for (let i = 0; i < 3000; i++) {
      caches[i % 3]!.set(`k${i}`, value(i));
      expect(registry.totalBytes).toBeLessThanOrEqual(60_000);
    }
    expect(registry.budgetEvictions).toBeGreaterThan(0);
    // Every cache still holds something: the budget is shared, not taken by the last writer.
    for (const c of caches) expect(c.entries).toBeGreaterThan(0);
  });

  it('makes the cache furthest above its fair share pay', () => {
    const registry = new CacheRegistry({ maxTotalBytes: 50_000 });
    const small = lru('small');
    const big = lru('big');
    registry.register(small);
    registry.register(big);
    for (let i = 0; i < 20; i++) small.set(`s${i}`, value(i)); // well under half the budget
    for (let i = 0; i < 500; i++) big.set(`b${i}`, value(i));
    expect(small.entries).toBe(20);
    expect(small.stats().evictions).toBe(0);
    expect(big.stats().evictions).toBeGreaterThan(0);
    const stats = registry.stats();
    expect(stats.map((s) => s.name)).toEqual(['small', 'big']);
    expect(stats[0]!.budgetEvictions).toBe(0);
    expect(stats[1]!.budgetEvictions).toBe(big.stats().evictions);
    expect(stats[0]!.fairShareBytes).toBe(25_000);
  });

  it('honours weights', () => {
    const registry = new CacheRegistry({ maxTotalBytes: 90_000 });
    const heavy = lru('heavy');
    const light = lru('light');
    registry.register(heavy, { weight: 2 });
    registry.register(light, { weight: 1 });
    for (let i = 0; i < 2000; i++) {
      heavy.set(`h${i}`, value(i));
      light.set(`l${i}`, value(i));
    }
    // Both keep writing at the same rate: the split converges to the 2:1 weights.
    expect(heavy.sizeBytes / light.sizeBytes).toBeGreaterThan(1.8);
    expect(heavy.sizeBytes / light.sizeBytes).toBeLessThan(2.2);
  });

  it('budgets tenant caches beside LRU caches', () => {
    const registry = new CacheRegistry({ maxTotalBytes: 40_000 });
    const tenants = new TenantMemoryCache<object>({ maxBytesPerTenant: 8_000, maxTotalBytes: 1_000_000 });
    const other = lru('other');
    registry.register(tenants);
    registry.register(other);
    for (let i = 0; i < 1000; i++) {
      tenants.set(i % 50, `k${i}`, value(i));
      other.set(`o${i}`, value(i));
    }
    expect(registry.totalBytes).toBeLessThanOrEqual(40_000);
    expect(tenants.stats().globalLimitEvictions).toBeGreaterThan(0);
  });

  it('enforces on registration and stops listening after unregister', () => {
    const c = lru('late');
    for (let i = 0; i < 100; i++) c.set(`k${i}`, value(i));
    const registry = new CacheRegistry({ maxTotalBytes: 5_000 });
    const unregister = registry.register(c);
    expect(c.sizeBytes).toBeLessThanOrEqual(5_000);
    unregister();
    for (let i = 0; i < 100; i++) c.set(`again${i}`, value(i));
    expect(c.sizeBytes).toBeGreaterThan(5_000);
    expect(registry.caches).toHaveLength(0);
  });

  it('rejects duplicate names and bad options', () => {
    const registry = new CacheRegistry();
    registry.register(lru('x'));
    expect(() => registry.register(lru('x'))).toThrow(/already registered/);
    expect(() => registry.register(lru('y'), { weight: 0 })).toThrow(/weight/);
    expect(() => new CacheRegistry({ maxTotalBytes: -1 })).toThrow(/maxTotalBytes/);
  });
});

describe('registerCacheMetrics', () => {
  it('exposes size, hit ratio and evictions per cache on the given prom-client registry', async () => {
    const registry = new CacheRegistry({ maxTotalBytes: 20_000 });
    const a = lru('alpha');
    const b = lru('beta');
    registry.register(a);
    registry.register(b);
    const prom = new Registry();
    registerCacheMetrics(registry, prom);
    for (let i = 0; i < 200; i++) a.set(`k${i}`, value(i));
    b.set('only', value(0));
    a.get('k199');
    a.get('missing');
    a.get('missing-too');
    b.get('only');

    const text = await prom.metrics();
    expect(text).toContain(`cache_size_bytes{cache="alpha"} ${a.sizeBytes}`);
    expect(text).toContain(`cache_size_bytes{cache="beta"} ${b.sizeBytes}`);
    expect(text).toMatch(/cache_hit_ratio\{cache="alpha"\} 0\.333/);
    expect(text).toContain('cache_hit_ratio{cache="beta"} 1');
    expect(text).toContain(`cache_evictions_total{cache="alpha"} ${a.stats().evictions}`);
    expect(text).toContain('cache_budget_bytes 20000');
    expect(text).toMatch(/# TYPE cache_evictions_total counter/);
    expect(text).toMatch(/# TYPE cache_size_bytes gauge/);

    // Counters never go down, and grow by what happened between scrapes.
    const before = a.stats().evictions;
    for (let i = 200; i < 210; i++) a.set(`k${i}`, value(i));
    const grown = a.stats().evictions - before;
    expect(await prom.metrics()).toContain(`cache_evictions_total{cache="alpha"} ${before + grown}`);
    a.resetStats();
    expect(await prom.metrics()).toContain(`cache_evictions_total{cache="alpha"} ${before + grown}`);
  });
});
