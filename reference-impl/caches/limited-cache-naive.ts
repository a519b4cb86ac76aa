/**
 * Seed 004's `LimitedCache` (strategy 1, "Per-Tenant Memory Limits"), kept as the "before" twin
 * of {@link TenantMemoryCache} so benchmarks can compare eviction costs.
 *
 * Faithful to the seed where it is runnable: on overflow it copies every entry into an array,
 * sorts it by timestamp and deletes the oldest until the new value fits — O(n log n) per
 * overflowing `set`. What the seed leaves out is filled in the plainest way: the `Map` is
 * created in the constructor, `estimateSize` is the seed's usual `JSON.stringify(v).length`,
 * and each value is stored with the timestamp the sort reads. Like the seed, it ignores
 * `maxTenants` and does not subtract the old size when a key is overwritten.
 * Not for production use.
 */
import { jsonLengthBytes } from './size-estimator.js';

interface Stamped<V> {
  readonly value: V;
  readonly timestamp: number;
  readonly size: number;
}

/** Seed 004's byte-limited cache, evicting by a full sort on every overflow. */
export class LimitedCacheNaive<V> {
  readonly maxTenants: number;
  readonly maxMemoryBytes: number;
  currentMemoryUsage = 0;
  readonly cache = new Map<string, Stamped<V>>();
  /** A counter, not `Date.now()`: sets in one millisecond keep their order. */
  #clock = 0;

  constructor(maxTenants = 100, maxMemoryMB = 50) {
    this.maxTenants = maxTenants;
    this.maxMemoryBytes = maxMemoryMB * 1024 * 1024;
  }

  set(cacheKey: string, data: V): void {
    const estimatedSize = this.estimateSize(data);
    if (this.currentMemoryUsage + estimatedSize > this.maxMemoryBytes) this.evictOldEntries(estimatedSize);
    this.cache.set(cacheKey, { value: data, timestamp: ++this.#clock, size: estimatedSize });
    this.currentMemoryUsage += estimatedSize;
  }

  get(cacheKey: string): V | undefined {
    return this.cache.get(cacheKey)?.value;
  }

  estimateSize(data: V): number {
    return jsonLengthBytes(data);
  }

  evictOldEntries(spaceNeeded: number): void {
    // The seed: "Remove oldest entries until we have enough space".
    const entries = Array.from(this.cache.entries());
    const sortedByAge = entries.sort((a, b) => a[1].timestamp - b[1].timestamp);
    let freedSpace = 0;
    for (const [key, entry] of sortedByAge) {
      this.cache.delete(key);
      freedSpace += entry.size;
      this.currentMemoryUsage -= entry.size;
      if (freedSpace >= spaceNeeded) break;
    }
  }
}
