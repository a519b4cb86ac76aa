/**
 * Seed 003's cache response to pressure as a {@link PressureAction}: "Reduce cache sizes by
 * 25%" (warning), "Aggressive cache purging (50% reduction)" (critical), "Minimal caching only"
 * (emergency), and on recovery the capacity back, one level at a time.
 */
import { checkCapacityFactor, type ManagedCache } from '../caches/managed-cache.js';
import type { SyncPressureAction } from './pressure-action.js';
import { RampsByTarget, type RampOptions, RecoveryRamp } from './recovery-ramp.js';

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

/**
 * What each capped cache held (its `heldShare`) when the first cap of a pressure episode was
 * put on it: the size the factors of every level are shares of, until the cap is lifted.
 */
const referenceShares = new WeakMap<ManagedCache, number>();

/**
 * The smallest reference share: a cache that was (nearly) empty when pressure began is capped
 * at its factor of 1 % of its capacity rather than at nothing — it did not cause the pressure,
 * and a capacity factor must stay above zero.
 */
export const MIN_REFERENCE_SHARE = 0.01;

/**
 * The ramp giving each cache its capacity back (`recovery-ramp.ts`), one per cache across every
 * action on it: a level's revert takes over from the ramp of the level above, and a rise stops it.
 */
const runningRamps = new RampsByTarget<ManagedCache>();

/** Options of {@link cacheCapacityAction}. */
export interface CacheCapacityActionOptions {
  /** Names the action in logs and statistics. @default `cache-capacity-<factor>` */
  readonly name?: string;
  /**
   * Give the capacity back in steps on revert (`RecoveryRamp`) rather than at once.
   * @default at once
   */
  readonly restore?: RampOptions;
}

function cachesOf(source: CacheSource): readonly ManagedCache[] {
  return Array.isArray(source) ? source : (source as { readonly caches: readonly ManagedCache[] }).caches;
}

/**
 * Caps every cache of `source` at `factor` × what it held when the pressure began, while the
 * action is in force (`ManagedCache.setCapacityFactor`: the coldest entries go at once, later
 * writes stay within the cap), and restores the factor each cache had before on revert.
 *
 * "What it held when the pressure began" is the cache's `heldShare` of its configured capacity
 * at the first cap of the episode (at least {@link MIN_REFERENCE_SHARE}; a cache without
 * `heldShare` counts as full), kept until the cap is lifted, so the levels' factors nest —
 * warning 75 %, critical 50 %, emergency 10 % of that same size — and seed 003's "reduce cache
 * sizes by 25 %" shrinks what the cache holds. A factor of the configured capacity alone did
 * nothing to a cache configured larger than the heap: in the `memory-pressure` scenario the
 * work cache (512 MiB configured, 142 MiB held after a surge under a 256 MB heap) kept every
 * entry at warning and critical, and the level stayed at warning after the load was gone.
 *
 * A cache without `setCapacityFactor` is shrunk with `evictColdest()` to the same share of what
 * it holds now; it refills afterwards, as nothing caps it.
 *
 * With `restore`, revert gives the capacity back in steps; a rise during the steps stops them
 * where they are, and the revert after it still restores the capacity the cache had before the
 * first rise.
 *
 * @param factor share of the cache's size when the pressure began, in (0, 1] (seed 003: 0.75, 0.5, 0.1)
 * @param options a name (a string, as before) or {@link CacheCapacityActionOptions}
 */
export function cacheCapacityAction(
  source: CacheSource,
  factor: number,
  options: string | CacheCapacityActionOptions = {},
): CacheCapacityAction {
  checkCapacityFactor(factor);
  const { name = `cache-capacity-${factor}`, restore } = typeof options === 'string' ? { name: options } : options;
  if (restore !== undefined) new RecoveryRamp(restore); // throws now on bad ramp options
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
          // A ramp in progress stops where it is; what it was restoring is what revert restores.
          const ramping = runningRamps.stop(cache);
          const previous = ramping ?? cache.capacityFactor ?? 1;
          before.set(cache, previous);
          let reference = referenceShares.get(cache);
          if (reference === undefined || previous >= 1) {
            reference = Math.max(MIN_REFERENCE_SHARE, Math.min(1, cache.heldShare ?? 1));
            referenceShares.set(cache, reference);
          }
          // Never above the cap in force: a lower level's cap (or a ramp's step) may be tighter.
          evictedEntries += cache.setCapacityFactor(Math.min(cache.capacityFactor ?? 1, factor * reference));
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
        if (typeof cache.setCapacityFactor === 'function') {
          // The episode is over for this cache once its cap is lifted: the next one measures it afresh.
          runningRamps.restore(
            cache,
            cache.capacityFactor ?? 1,
            previous,
            (f) => cache.setCapacityFactor?.(Math.min(1, f)),
            restore,
            () => {
              if (previous >= 1) referenceShares.delete(cache);
            },
          );
        } else notionalFactors.set(cache, previous);
      }
    },
  };
}
