/**
 * What one overflowing `set` costs as a cache grows, for the `caches` bench suite: seed 004's
 * `LimitedCache` ({@link LimitedCacheNaive}) sorts every entry on each overflow, while
 * {@link TenantMemoryCache} unlinks the tail of a list. Both caches are filled to exactly their
 * byte limit with equal-sized entries, so every measured `set` of a new key evicts exactly one.
 * Flat throughput across sizes is O(1) eviction; throughput falling with size is not.
 */
import { Bench } from 'tinybench';
import { type BenchRow, taskRow } from './bench-suite.js';
import { LimitedCacheNaive } from '../reference-impl/caches/limited-cache-naive.js';
import { TenantMemoryCache } from '../reference-impl/caches/tenant-memory-cache.js';

/** Accounted bytes of each value (the seed's JSON length of a 98-character string). */
const VALUE_BYTES = 100;
const VALUE = 'x'.repeat(VALUE_BYTES - 2);
const TENANTS = 100;

/** Same-width keys, so every entry is accounted the same. */
function keyOf(i: number): string {
  return `k${String(i).padStart(10, '0')}`;
}

/** Overflowing-`set` throughput of both caches at one size. */
export interface EvictionCost {
  readonly entries: number;
  readonly tenantCache: BenchRow;
  readonly seed: BenchRow;
}

function filledTenantCache(entries: number): { cache: TenantMemoryCache<string>; next: number } {
  const sizeOf = () => VALUE_BYTES;
  // Accounted bytes of `entries` entries (keys, bookkeeping, tenants) become the limit.
  const probe = new TenantMemoryCache<string>({
    maxBytesPerTenant: Number.MAX_SAFE_INTEGER,
    maxTotalBytes: Number.MAX_SAFE_INTEGER,
    sizeOf,
  });
  for (let i = 0; i < entries; i++) probe.set(i % TENANTS, keyOf(i), VALUE);
  const limit = probe.sizeBytes;
  const cache = new TenantMemoryCache<string>({ maxBytesPerTenant: limit, maxTotalBytes: limit, sizeOf });
  for (let i = 0; i < entries; i++) cache.set(i % TENANTS, keyOf(i), VALUE);
  if (cache.entries !== entries || cache.stats().evictions !== 0)
    throw new Error(`eviction cost: tenant cache did not hold ${entries} entries exactly`);
  return { cache, next: entries };
}

function filledSeedCache(entries: number): { cache: LimitedCacheNaive<string>; next: number } {
  const cache = new LimitedCacheNaive<string>(TENANTS, (entries * VALUE_BYTES) / (1024 * 1024));
  for (let i = 0; i < entries; i++) cache.set(keyOf(i), VALUE);
  if (cache.cache.size !== entries) throw new Error(`eviction cost: seed cache did not hold ${entries} entries exactly`);
  return { cache, next: entries };
}

/**
 * Measures overflowing `set`s/s of both caches at each size. `seedSetsPerIteration` is small
 * because one seed `set` at 100,000 entries takes tens of milliseconds.
 */
export async function measureEvictionCost(sizes: readonly number[], timeMs = 400): Promise<EvictionCost[]> {
  const out: EvictionCost[] = [];
  for (const entries of sizes) {
    const tenant = filledTenantCache(entries);
    const seed = filledSeedCache(entries);
    const tenantSets = 1000;
    const seedSets = entries >= 10_000 ? 1 : 20;
    const bench = new Bench({ time: timeMs, warmupTime: timeMs / 4 });
    bench.add('tenant', () => {
      for (let i = 0; i < tenantSets; i++, tenant.next++) tenant.cache.set(tenant.next % TENANTS, keyOf(tenant.next), VALUE);
    });
    bench.add('seed', () => {
      for (let i = 0; i < seedSets; i++, seed.next++) seed.cache.set(keyOf(seed.next), VALUE);
    });
    await bench.run();
    // Every measured set evicted one entry: both caches still hold exactly `entries`.
    if (tenant.cache.entries !== entries || seed.cache.cache.size !== entries) {
      throw new Error(
        `eviction cost: a cache drifted from ${entries} entries (tenant ${tenant.cache.entries}, seed ${seed.cache.cache.size})`,
      );
    }
    const n = entries.toLocaleString('en-US');
    out.push({
      entries,
      tenantCache: taskRow(`TenantMemoryCache set + evict, ${n} entries`, bench.getTask('tenant'), tenantSets, 'sets/s'),
      seed: taskRow(`seed LimitedCache set + evict, ${n} entries`, bench.getTask('seed'), seedSets, 'sets/s'),
    });
  }
  return out;
}
