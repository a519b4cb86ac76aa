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
  /**
   * Optional: caps the cache at `factor` × its configured capacity (its byte limit, and its
   * entry limit where it has one), evicting the coldest entries at once until it fits and
   * keeping later writes within the cap; `1` lifts the cap. `factor` is in (0, 1]. Returns the
   * number of entries evicted now. The memory-pressure handler shrinks caches through this
   * (`reference-impl/pressure/`); a cache without it can only be shrunk with
   * {@link ManagedCache.evictColdest}, which frees entries but cannot stop it refilling.
   */
  setCapacityFactor?(factor: number): number;
  /** Optional: the factor set by {@link ManagedCache.setCapacityFactor}; 1 = the configured capacity. */
  readonly capacityFactor?: number;
  /**
   * Optional: what the cache holds now as a share of its configured capacity (0–1): the larger
   * of bytes held / byte limit and entries / entry limit, over the limits it has. A pressure
   * action shrinks what a cache holds, not only what it may hold, through it
   * (`reference-impl/pressure/cache-capacity-action.ts`).
   */
  readonly heldShare?: number;
}

/**
 * Checks a capacity factor (see {@link ManagedCache.setCapacityFactor}): a number in (0, 1].
 * Throws a `TypeError` naming `factor` otherwise.
 */
export function checkCapacityFactor(factor: number): number {
  if (typeof factor !== 'number' || !(factor > 0 && factor <= 1)) {
    throw new TypeError(`factor must be a capacity factor in (0, 1] (1 = the configured capacity), got ${String(factor)}`);
  }
  return factor;
}

/** `hits / (hits + misses)`; 0 before the first lookup. */
export function hitRatio(stats: Pick<CacheStats, 'hits' | 'misses'>): number {
  const lookups = stats.hits + stats.misses;
  return lookups === 0 ? 0 : stats.hits / lookups;
}
