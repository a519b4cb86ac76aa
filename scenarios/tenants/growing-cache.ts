/**
 * Seed 004 "Problem 1: Unlimited Growth", the `before` of the `tenants` scenario: a consumer
 * that syncs every tenant it sees completely (critical and reference data) into two `Map`s and
 * never removes anything. "Memory usage: tenants × (critical + reference data)".
 */
import { estimateHeapBytes } from '../../reference-impl/caches/size-estimator.js';
import { DATA_TYPES, type DataType, globalKey, USER_PROFILE } from './keys.js';
import type { TenantSource } from './source.js';

const CRITICAL: ReadonlySet<DataType> = new Set(['credit-costs', 'roles', 'user-status', 'configs']);

/** The seed's `GrowingCache`, with hit/miss counters. */
export class GrowingCache {
  /** Grows with tenants (seed 004). */
  readonly criticalCache = new Map<string, unknown>();
  /** Grows with usage (seed 004). */
  readonly referenceCache = new Map<string, unknown>();
  readonly #loaded = new Set<number>();
  readonly #source: TenantSource;
  hits = 0;
  misses = 0;
  /** Estimated bytes of the values loaded (keys and maps not included). */
  valueBytes = 0;

  constructor(source: TenantSource) {
    this.#source = source;
  }

  /** Tenants synced so far. */
  get tenants(): number {
    return this.#loaded.size;
  }

  /** The value of one key; the first access to a tenant loads all of its data. */
  async get(tenantId: number, type: number, userIndex: number): Promise<unknown> {
    const key = globalKey(tenantId, type, userIndex);
    const map = CRITICAL.has(DATA_TYPES[type]!) ? this.criticalCache : this.referenceCache;
    const hit = map.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    this.misses++;
    if (!this.#loaded.has(tenantId)) {
      this.#loaded.add(tenantId);
      const bundle = await this.#source.loadTenant(tenantId);
      this.valueBytes += estimateHeapBytes(bundle);
      for (const [i, t] of DATA_TYPES.entries()) {
        if (i === USER_PROFILE) continue;
        (CRITICAL.has(t) ? this.criticalCache : this.referenceCache).set(globalKey(tenantId, i, 0), bundle[t]);
      }
      for (const profile of bundle['user-profile'] as { userId: string }[]) {
        this.referenceCache.set(`${tenantId}:user-profile:${profile.userId}`, profile);
      }
    }
    return map.get(key);
  }
}
