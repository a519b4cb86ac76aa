/**
 * The contract every heapgate cache offers to the code that coordinates caches: the
 * {@link CacheRegistry} (one global memory budget) and the {@link AdaptiveShrinker} (drop the
 * coldest entries under heap pressure). Sizes are the cache's own accounting, in bytes.
 */

/** Counters of one cache since it was created (or since `resetStats()`). */
export interface CacheStats {
  /** Lookups that found a live entry. */
  readonly hits: number;
  /** Lookups that found nothing (or only an expired entry). */
  readonly misses: number;
  /** Entries written. */
  readonly sets: number;
  /** Entries removed to make room: size, count or budget limits, and shrinking. */
  readonly evictions: number;
  /** Entries removed because their TTL passed. */
  readonly expirations: number;
  /** Entries held now. */
  readonly entries: number;
  /** Bytes held now, as the cache accounts them (see its size calculation). */
  readonly sizeBytes: number;
}

/** Called after a write with the change of the cache's accounted bytes (may be negative). */
export type SizeListener = (deltaBytes: number) => void;

/** A cache that can be budgeted and shrunk from outside. */
export interface ManagedCache {
  /** Unique within a registry; the `cache` label of the Prometheus metrics. */
  readonly name: string;
  /** Bytes held now, as accounted. */
  readonly sizeBytes: number;
  /** Entries held now. */
  readonly entries: number;
  stats(): CacheStats;
  /**
   * Removes the least recently used entry and counts it as an eviction. O(1).
   * Returns false when the cache is empty.
   */
  evictColdest(): boolean;
  /** Installs (or, with `undefined`, removes) the listener told about size changes after writes. */
  setSizeListener(listener: SizeListener | undefined): void;
}

/** `hits / (hits + misses)`; 0 before the first lookup. */
export function hitRatio(stats: Pick<CacheStats, 'hits' | 'misses'>): number {
  const lookups = stats.hits + stats.misses;
  return lookups === 0 ? 0 : stats.hits / lookups;
}
