/**
 * One memory budget for many caches. Seed 003 Phase 2 lists "multiple cache systems without
 * coordination" as the problem: each cache bounded on its own still adds up to more than the
 * process can hold. A registry keeps the sum of every registered cache's accounted bytes under
 * `maxTotalBytes`; when a write pushes the sum over, it evicts least-recently-used entries from
 * the cache furthest above its fair share (`maxTotalBytes × weight / Σ weights`), so a cache
 * that stays within its share never pays for another one's growth.
 *
 * Cost: a write that keeps the sum under budget costs one addition. An overflow re-sums the
 * caches (O(caches)) and evicts one entry per step in O(caches); each entry is evicted at most
 * once, so it is O(1) amortised per write for a fixed set of caches.
 */
import type { CacheStats, ManagedCache } from './managed-cache.js';

/** Options of {@link CacheRegistry}. */
export interface CacheRegistryOptions {
  /** Budget for the sum of all registered caches' accounted bytes; 0 means no global budget. @default 0 */
  readonly maxTotalBytes?: number;
}

/** Options of {@link CacheRegistry.register}. */
export interface RegisterOptions {
  /** Relative share of the global budget (fair share = budget × weight / Σ weights). @default 1 */
  readonly weight?: number;
}

/** One registered cache's statistics plus what the registry did to it. */
export interface RegisteredCacheStats extends CacheStats {
  readonly name: string;
  /** Entries evicted by the registry to keep the global budget. */
  readonly budgetEvictions: number;
  /** `maxTotalBytes × weight / Σ weights`; 0 without a global budget. */
  readonly fairShareBytes: number;
}

interface Registration {
  readonly cache: ManagedCache;
  readonly weight: number;
  budgetEvictions: number;
}

/** Registered caches under one global byte budget. */
export class CacheRegistry {
  /** The global budget in bytes; 0 means none. */
  readonly maxTotalBytes: number;
  readonly #registrations = new Map<string, Registration>();
  /** Sum of accounted bytes as reported by size listeners; re-synced on overflow. */
  #trackedBytes = 0;
  #budgetEvictions = 0;

  constructor(options: CacheRegistryOptions = {}) {
    this.maxTotalBytes = options.maxTotalBytes ?? 0;
    if (!Number.isInteger(this.maxTotalBytes) || this.maxTotalBytes < 0) {
      throw new TypeError(`maxTotalBytes must be a non-negative integer (bytes), got ${String(options.maxTotalBytes)}`);
    }
  }

  /**
   * Adds `cache` under the global budget and enforces it at once. Returns a function that
   * unregisters it. Throws when a cache with the same name is registered.
   */
  register(cache: ManagedCache, options: RegisterOptions = {}): () => void {
    const weight = options.weight ?? 1;
    if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight)) {
      throw new TypeError(`weight must be a positive number, got ${String(weight)}`);
    }
    if (this.#registrations.has(cache.name)) throw new TypeError(`a cache named "${cache.name}" is already registered`);
    const registration: Registration = { cache, weight, budgetEvictions: 0 };
    this.#registrations.set(cache.name, registration);
    cache.setSizeListener((delta) => this.#grew(delta));
    this.enforce();
    return () => {
      if (this.#registrations.get(cache.name) !== registration) return;
      this.#registrations.delete(cache.name);
      cache.setSizeListener(undefined);
      this.#trackedBytes = this.#sum();
    };
  }

  /** The registered caches, in registration order. */
  get caches(): readonly ManagedCache[] {
    return [...this.#registrations.values()].map((r) => r.cache);
  }

  /** Sum of the registered caches' accounted bytes now. O(caches). */
  get totalBytes(): number {
    return this.#sum();
  }

  /** Entries evicted by the registry (all caches) to keep the global budget. */
  get budgetEvictions(): number {
    return this.#budgetEvictions;
  }

  /** Per-cache statistics, in registration order. */
  stats(): RegisteredCacheStats[] {
    const weights = this.#weightSum();
    return [...this.#registrations.values()].map((r) => ({
      ...r.cache.stats(),
      name: r.cache.name,
      budgetEvictions: r.budgetEvictions,
      fairShareBytes: this.maxTotalBytes === 0 ? 0 : Math.floor((this.maxTotalBytes * r.weight) / weights),
    }));
  }

  /**
   * Evicts until the sum is within the budget (or every cache is empty). Called automatically
   * after writes; call it after changing caches behind the registry's back. Returns the number
   * of entries evicted.
   */
  enforce(): number {
    let total = this.#sum();
    this.#trackedBytes = total;
    if (this.maxTotalBytes === 0 || total <= this.maxTotalBytes) return 0;
    let evicted = 0;
    while (total > this.maxTotalBytes) {
      const victim = this.#mostOverShare();
      if (victim === undefined) break;
      const before = victim.cache.sizeBytes;
      if (!victim.cache.evictColdest()) break;
      victim.budgetEvictions++;
      evicted++;
      total -= before - victim.cache.sizeBytes;
    }
    this.#budgetEvictions += evicted;
    this.#trackedBytes = total;
    return evicted;
  }

  #grew(delta: number): void {
    this.#trackedBytes += delta;
    // The tracked sum only over-estimates (shrinking by expiry or delete is not reported), so
    // an overflow is always re-checked against the exact sum before anything is evicted.
    if (this.maxTotalBytes !== 0 && this.#trackedBytes > this.maxTotalBytes) this.enforce();
  }

  /** The non-empty cache with the largest size / weight ratio. */
  #mostOverShare(): Registration | undefined {
    let best: Registration | undefined;
    let bestRatio = -1;
    for (const r of this.#registrations.values()) {
      if (r.cache.entries === 0) continue;
      const ratio = r.cache.sizeBytes / r.weight;
      if (ratio > bestRatio) {
        best = r;
        bestRatio = ratio;
      }
    }
    return best;
  }

  #sum(): number {
    let total = 0;
    for (const r of this.#registrations.values()) total += r.cache.sizeBytes;
    return total;
  }

  #weightSum(): number {
    let total = 0;
    for (const r of this.#registrations.values()) total += r.weight;
    return total;
  }
}
