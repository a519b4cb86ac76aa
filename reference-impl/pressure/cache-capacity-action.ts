/**
 * Seed 003's cache response to pressure as a {@link PressureAction}: "Reduce cache sizes by
 * 25%" (warning), "Aggressive cache purging (50% reduction)" (critical), "Minimal caching only"
 * (emergency), and on recovery the capacity back, one level at a time.
 */
import { checkCapacityFactor, type ManagedCache } from '../caches/managed-cache.js';
import type { SyncPressureAction } from './pressure-action.js';

/** The caches an action works on: a `CacheRegistry` (its caches at the time of the action) or a list. */
export type CacheSource = { readonly caches: readonly ManagedCache[] } | readonly ManagedCache[];

/** A {@link cacheCapacityAction}, with what it evicted. */
export interface CacheCapacityAction extends SyncPressureAction {
  /** The capacity factor it sets (0–1]. */
  readonly factor: number;
  /** Entries evicted by its `apply` calls so far (counted as evictions by each cache too). */
  readonly evictedEntries: number;
}

/**
 * The factor a cache without `setCapacityFactor` is treated as having, so that a warning
 * shrink followed by a critical one takes it to 50 % of its size, not 75 % × 50 %.
 */
const notionalFactors = new WeakMap<ManagedCache, number>();

function cachesOf(source: CacheSource): readonly ManagedCache[] {
  return Array.isArray(source) ? source : (source as { readonly caches: readonly ManagedCache[] }).caches;
}

/**
 * Caps every cache of `source` at `factor` × its configured capacity while the action is in
 * force (`ManagedCache.setCapacityFactor`: the coldest entries go at once, later writes stay
 * within the cap), and restores the factor each cache had before on revert. A cache already
 * below the cap keeps its entries: the level caps what caches may hold, it does not throw
 * away what fits.
 *
 * A cache without `setCapacityFactor` is shrunk with `evictColdest()` to the same share of what
 * it holds now; it refills afterwards, as nothing caps it.
 *
 * @param factor share of the configured capacity, in (0, 1] (seed 003: 0.75, 0.5, 0.1)
 */
export function cacheCapacityAction(source: CacheSource, factor: number, name = `cache-capacity-${factor}`): CacheCapacityAction {
  checkCapacityFactor(factor);
  if (!Array.isArray(source) && !Array.isArray((source as { caches?: unknown })?.caches)) {
    throw new TypeError('source must be a CacheRegistry or an array of caches');
  }
  // What each cache had before apply; a stack, as the handler nests apply and revert.
  const saved: Map<ManagedCache, number>[] = [];
  let evictedEntries = 0;
  return {
    name,
    factor,
    get evictedEntries() {
      return evictedEntries;
    },
    apply() {
      const before = new Map<ManagedCache, number>();
      for (const cache of cachesOf(source)) {
        if (typeof cache.setCapacityFactor === 'function') {
          before.set(cache, cache.capacityFactor ?? 1);
          evictedEntries += cache.setCapacityFactor(factor);
        } else {
          const notional = notionalFactors.get(cache) ?? 1;
          before.set(cache, notional);
          const keep = Math.floor((cache.entries * factor) / notional);
          while (cache.entries > keep && cache.evictColdest()) evictedEntries++;
          notionalFactors.set(cache, factor);
        }
      }
      saved.push(before);
    },
    revert() {
      const before = saved.pop();
      if (before === undefined) return;
      for (const [cache, previous] of before) {
        if (typeof cache.setCapacityFactor === 'function') cache.setCapacityFactor(previous);
        else notionalFactors.set(cache, previous);
      }
    },
  };
}
