/**
 * The cache action on real caches: apply caps every registered cache at its factor, revert
 * restores the factor each had before, caches without setCapacityFactor are shrunk by eviction.
 */
import { describe, expect, it } from 'vitest';
import { CacheRegistry } from '../caches/cache-registry.js';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import type { CacheStats, ManagedCache } from '../caches/managed-cache.js';
import { TenantMemoryCache } from '../caches/tenant-memory-cache.js';
import { cacheCapacityAction, MIN_REFERENCE_SHARE } from './cache-capacity-action.js';
import type { PressureTransition } from './pressure-action.js';

const t: PressureTransition = { from: 'normal', to: 'warning', pressure: 0.75, at: 0 };

function filledRegistry() {
  const registry = new CacheRegistry();
  const lru = new InstrumentedLruCache<string, string>({ name: 'lru', max: 1000 });
  const tenants = new TenantMemoryCache<string>({ name: 'tenants', maxBytesPerTenant: 20_000, maxTotalBytes: 200_000, sizeOf: () => 1000 });
  registry.register(lru);
  registry.register(tenants);
  for (let i = 0; i < 1000; i++) lru.set(`k${i}`, 'v');
  for (let i = 0; i < 400; i++) tenants.set(i % 20, `k${i}`, 'v');
  return { registry, lru, tenants };
}

/** A ManagedCache with only the required members: no capacity factor. */
function plainCache(entries: number): ManagedCache & { held: number } {
  const cache = {
    name: 'plain',
    held: entries,
    get sizeBytes() {
      return cache.held * 10;
    },
    get entries() {
      return cache.held;
    },
    stats: (): CacheStats => ({
      hits: 0,
      misses: 0,
      sets: 0,
      evictions: 0,
      expirations: 0,
      entries: cache.held,
      sizeBytes: cache.held * 10,
    }),
    evictColdest: () => {
      if (cache.held === 0) return false;
      cache.held--;
      return true;
    },
    setSizeListener: () => {},
  };
  return cache;
}

describe('cacheCapacityAction', () => {
  it('caps every cache of a registry at the factor and restores the previous factor on revert', () => {
    const { registry, lru, tenants } = filledRegistry();
    const action = cacheCapacityAction(registry, 0.75);
    const tenantEvictionsBefore = tenants.stats().evictions;
    const tenantsHeld = tenants.heldShare;
    expect(lru.heldShare).toBe(1);
    action.apply(t);
    expect(lru.capacityFactor).toBe(0.75);
    expect(tenants.capacityFactor).toBeCloseTo(0.75 * tenantsHeld, 12);
    expect(lru.entries).toBe(750);
    expect(tenants.sizeBytes).toBeLessThanOrEqual(150_000);
    expect(action.evictedEntries).toBe(250 + tenants.stats().evictions - tenantEvictionsBefore);
    action.revert(t);
    expect(lru.capacityFactor).toBe(1);
    expect(tenants.capacityFactor).toBe(1);
    for (let i = 1000; i < 1500; i++) lru.set(`k${i}`, 'v');
    expect(lru.entries).toBe(1000);
  });

  it('nests: warning, critical, emergency factors come off in reverse', () => {
    const { registry, lru } = filledRegistry();
    const actions = [0.75, 0.5, 0.1].map((f) => cacheCapacityAction(registry, f));
    for (const a of actions) a.apply(t);
    expect(lru.capacityFactor).toBe(0.1);
    expect(lru.entries).toBe(100);
    const factors: number[] = [];
    for (const a of [...actions].reverse()) {
      a.revert(t);
      factors.push(lru.capacityFactor);
    }
    expect(factors).toEqual([0.5, 0.75, 1]);
  });

  it('shrinks a cache without setCapacityFactor to the same share of what it holds', () => {
    const plain = plainCache(1000);
    const warning = cacheCapacityAction([plain], 0.75);
    const critical = cacheCapacityAction([plain], 0.5);
    warning.apply(t);
    expect(plain.entries).toBe(750);
    critical.apply(t);
    expect(plain.entries).toBe(500); // 50 % of the original, not 50 % of 750
    critical.revert(t);
    warning.revert(t);
    expect(plain.entries).toBe(500); // nothing caps or restores it: it refills from traffic
  });

  it('works on caches registered after the action was made', () => {
    const registry = new CacheRegistry();
    const action = cacheCapacityAction(registry, 0.5);
    const late = new InstrumentedLruCache<string, number>({ name: 'late', max: 10 });
    registry.register(late);
    for (let i = 0; i < 10; i++) late.set(`k${i}`, i);
    action.apply(t);
    expect(late.capacityFactor).toBe(0.5);
  });

  it('shrinks what a cache holds, not only what it may hold: the factors are shares of its size when the pressure began', () => {
    // Configured far above what it holds (the memory-pressure scenario's work cache: 512 MiB
    // configured, a fraction of that held under a 256 MB heap).
    const big = new InstrumentedLruCache<string, string>({ name: 'big', max: 1000 });
    for (let i = 0; i < 400; i++) big.set(`k${i}`, 'v');
    const [warning, critical, emergency] = [0.75, 0.5, 0.1].map((f) => cacheCapacityAction([big], f));
    warning!.apply(t);
    expect(big.entries).toBe(300);
    for (let i = 400; i < 600; i++) big.set(`k${i}`, 'v'); // later writes stay within the cap
    expect(big.entries).toBe(300);
    critical!.apply(t);
    expect(big.entries).toBe(200); // 50 % of the 400 held when the pressure began
    emergency!.apply(t);
    expect(big.entries).toBe(40);
    emergency!.revert(t);
    critical!.revert(t);
    expect(big.capacityFactor).toBeCloseTo(0.3, 12);
    warning!.revert(t);
    expect(big.capacityFactor).toBe(1);
    // The next episode takes the cache's size then: 40 + 700 held → 75 % of that at warning.
    for (let i = 0; i < 700; i++) big.set(`n${i}`, 'v');
    expect(big.heldShare).toBe(0.74);
    warning!.apply(t);
    expect(big.entries).toBe(Math.floor(1000 * (0.75 * 0.74)));
  });

  it('caps a cache that was empty when the pressure began at its factor of 1 % of its capacity', () => {
    const empty = new InstrumentedLruCache<string, string>({ name: 'empty', max: 10_000 });
    const warning = cacheCapacityAction([empty], 0.5);
    warning.apply(t);
    expect(empty.capacityFactor).toBeCloseTo(0.5 * MIN_REFERENCE_SHARE, 12);
    for (let i = 0; i < 1000; i++) empty.set(`k${i}`, 'v');
    expect(empty.entries).toBe(50);
  });

  it('validates its arguments', () => {
    expect(() => cacheCapacityAction([], 0)).toThrow(/factor/);
    expect(() => cacheCapacityAction({} as CacheRegistry, 0.5)).toThrow(/source must be a CacheRegistry or an array/);
  });
});
