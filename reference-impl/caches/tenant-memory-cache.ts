/**
 * Per-tenant memory limits (seed 004, strategy 1): every tenant's entries are bounded in bytes,
 * and so is the sum over all tenants.
 *
 * The seed's `LimitedCache` copies and sorts all entries on every overflow (O(n log n) per
 * `set` once the cache is full). Here every entry sits on two intrusive doubly-linked lists,
 * its tenant's LRU list and a global LRU list, so a lookup moves it to the front of both in
 * O(1) and an overflow unlinks the tail of the right list in O(1). An entry is evicted at most
 * once per insertion, so a `set` is O(1) amortised whatever the number of tenants or entries.
 *
 * Accounted bytes are meant to track real heap: each entry costs its value's size
 * ({@link estimateHeapBytes} by default), its key string, and {@link ENTRY_OVERHEAD_BYTES} for
 * the list node and the map slot; each tenant costs {@link TENANT_OVERHEAD_BYTES}.
 */
import { type CacheStats, checkCapacityFactor, type ManagedCache, type SizeListener } from './managed-cache.js';
import { estimateHeapBytes, POINTER_BYTES, stringBytes } from './size-estimator.js';

/** A tenant identifier. `1` and `'1'` are different tenants. */
export type TenantId = string | number;

/** Heap bytes of one entry's bookkeeping: the list node object (8 fields) and its map slot. */
export const ENTRY_OVERHEAD_BYTES = (3 + 8) * POINTER_BYTES + 3 * POINTER_BYTES;
/** Heap bytes of one tenant's bookkeeping: its state object and an empty `Map`. */
export const TENANT_OVERHEAD_BYTES = (3 + 6) * POINTER_BYTES + 184;

/** Options of {@link TenantMemoryCache}. */
export interface TenantMemoryCacheOptions<V> {
  /** Name for registries and metrics. @default 'tenants' */
  readonly name?: string;
  /** Byte limit for one tenant's entries (overhead included). @default 20480 (seed 004: 20 KB per tenant after) */
  readonly maxBytesPerTenant?: number;
  /** Byte limit for all tenants together. @default 52428800 (seed 004 `LimitedCache`: 50 MB) */
  readonly maxTotalBytes?: number;
  /** Maximum tenants held; the least recently used tenant is dropped whole. 0 = no limit. @default 0 */
  readonly maxTenants?: number;
  /** Sizer for values, in bytes (positive). @default estimateHeapBytes */
  readonly sizeOf?: (value: V) => number;
}

/** Statistics of a {@link TenantMemoryCache}. */
export interface TenantCacheStats extends CacheStats {
  /** Tenants holding at least one entry. */
  readonly tenants: number;
  /** Evictions because a tenant exceeded `maxBytesPerTenant`. */
  readonly tenantLimitEvictions: number;
  /** Evictions because the total exceeded `maxTotalBytes` (or {@link TenantMemoryCache.evictColdest}). */
  readonly globalLimitEvictions: number;
  /** Entries dropped with whole tenants because of `maxTenants`. */
  readonly tenantCountEvictions: number;
  /** `set` calls refused because one value exceeded `maxBytesPerTenant` on its own. */
  readonly rejected: number;
}

interface ResolvedOptions<V> {
  readonly name: string;
  readonly maxBytesPerTenant: number;
  readonly maxTotalBytes: number;
  readonly maxTenants: number;
  readonly sizeOf: (value: V) => number;
}

class Entry<V> {
  // Global list: towards `gNext` = less recently used. Tenant list likewise with `tNext`.
  gPrev: Entry<V> | undefined = undefined;
  gNext: Entry<V> | undefined = undefined;
  tPrev: Entry<V> | undefined = undefined;
  tNext: Entry<V> | undefined = undefined;
  constructor(
    readonly tenant: Tenant<V>,
    readonly key: string,
    public value: V,
    public bytes: number,
  ) {}
}

class Tenant<V> {
  readonly entries = new Map<string, Entry<V>>();
  bytes = 0;
  head: Entry<V> | undefined = undefined;
  tail: Entry<V> | undefined = undefined;
  // Tenant LRU list (used by `maxTenants`): towards `next` = less recently used.
  prev: Tenant<V> | undefined = undefined;
  next: Tenant<V> | undefined = undefined;
  constructor(readonly id: TenantId) {}
}

function resolveOptions<V>(options: TenantMemoryCacheOptions<V>): ResolvedOptions<V> {
  const r: ResolvedOptions<V> = {
    name: options.name ?? 'tenants',
    maxBytesPerTenant: options.maxBytesPerTenant ?? 20 * 1024,
    maxTotalBytes: options.maxTotalBytes ?? 50 * 1024 * 1024,
    maxTenants: options.maxTenants ?? 0,
    sizeOf: options.sizeOf ?? estimateHeapBytes,
  };
  if (typeof r.name !== 'string' || r.name.length === 0) throw new TypeError('name must be a non-empty string');
  for (const k of ['maxBytesPerTenant', 'maxTotalBytes'] as const) {
    if (!Number.isInteger(r[k]) || r[k] <= 0) throw new TypeError(`${k} must be a positive integer (bytes), got ${String(r[k])}`);
  }
  if (r.maxBytesPerTenant <= TENANT_OVERHEAD_BYTES + ENTRY_OVERHEAD_BYTES) {
    throw new TypeError(
      `maxBytesPerTenant must exceed the per-tenant bookkeeping (${TENANT_OVERHEAD_BYTES + ENTRY_OVERHEAD_BYTES} bytes), got ${r.maxBytesPerTenant}`,
    );
  }
  if (r.maxTotalBytes < r.maxBytesPerTenant) {
    throw new TypeError(`maxTotalBytes (${r.maxTotalBytes}) must be at least maxBytesPerTenant (${r.maxBytesPerTenant})`);
  }
  if (!Number.isInteger(r.maxTenants) || r.maxTenants < 0)
    throw new TypeError(`maxTenants must be a non-negative integer, got ${String(r.maxTenants)}`);
  if (typeof r.sizeOf !== 'function') throw new TypeError('sizeOf must be a function returning bytes');
  return Object.freeze(r);
}

/** A byte-bounded cache keyed by (tenant, key), bounded per tenant and in total. */
export class TenantMemoryCache<V extends {}> implements ManagedCache {
  /** The resolved, frozen options. */
  readonly options: Readonly<ResolvedOptions<V>>;
  readonly #tenants = new Map<TenantId, Tenant<V>>();
  #head: Entry<V> | undefined;
  #tail: Entry<V> | undefined;
  #tenantHead: Tenant<V> | undefined;
  #tenantTail: Tenant<V> | undefined;
  #entries = 0;
  #bytes = 0;
  #listener: SizeListener | undefined;
  #hits = 0;
  #misses = 0;
  #sets = 0;
  #tenantLimitEvictions = 0;
  #globalLimitEvictions = 0;
  #tenantCountEvictions = 0;
  #rejected = 0;
  // The limits `set` enforces: the options' limits, or less under a capacity factor.
  #capacityFactor = 1;
  #maxTotalBytes: number;
  /** Largest entry (its bytes, overhead included) one tenant can admit. */
  #admitBytes: number;

  constructor(options: TenantMemoryCacheOptions<V> = {}) {
    this.options = resolveOptions(options);
    this.#maxTotalBytes = this.options.maxTotalBytes;
    this.#admitBytes = this.options.maxBytesPerTenant - TENANT_OVERHEAD_BYTES;
  }

  /** {@inheritDoc ManagedCache.name} */
  get name(): string {
    return this.options.name;
  }

  /** The value, or `undefined`; a hit makes the entry (and its tenant) most recently used. */
  get(tenantId: TenantId, key: string): V | undefined {
    const tenant = this.#tenants.get(tenantId);
    const entry = tenant?.entries.get(key);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#touch(entry);
    return entry.value;
  }

  /** Whether an entry exists (no recency change, not counted). */
  has(tenantId: TenantId, key: string): boolean {
    return this.#tenants.get(tenantId)?.entries.has(key) ?? false;
  }

  /**
   * Stores `value`, then evicts least recently used entries of the tenant while it is over
   * `maxBytesPerTenant`, and of all tenants while the total is over `maxTotalBytes`. Returns
   * false (and stores nothing, removing any previous value) when the value alone exceeds
   * `maxBytesPerTenant`.
   */
  set(tenantId: TenantId, key: string, value: V): boolean {
    const size = this.options.sizeOf(value);
    // Checked before anything changes: one NaN or negative size would corrupt the byte totals
    // for good and switch every limit off (lru-cache refuses such sizes the same way).
    if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) {
      throw new TypeError(`sizeOf must return a positive finite number of bytes, got ${String(size)} for key ${JSON.stringify(key)}`);
    }
    this.#sets++;
    const before = this.#bytes;
    const bytes = size + stringBytes(key.length) + ENTRY_OVERHEAD_BYTES;
    let tenant = this.#tenants.get(tenantId);
    const existing = tenant?.entries.get(key);
    if (bytes > this.#admitBytes) {
      this.#rejected++;
      if (existing) this.#remove(existing);
      this.#notify(before);
      return false;
    }
    if (existing) {
      tenant!.bytes += bytes - existing.bytes;
      this.#bytes += bytes - existing.bytes;
      existing.value = value;
      existing.bytes = bytes;
      this.#touch(existing);
    } else {
      if (tenant === undefined) tenant = this.#addTenant(tenantId);
      else this.#touchTenant(tenant);
      const entry = new Entry(tenant, key, value, bytes);
      tenant.entries.set(key, entry);
      tenant.bytes += bytes;
      this.#bytes += bytes;
      this.#entries++;
      this.#linkFront(entry);
    }
    // The entry just written is at the front of both lists and fits its tenant's limit on its
    // own, so these loops stop before reaching it (unless the global limit is below one tenant).
    const tenantLimit = this.options.maxBytesPerTenant - TENANT_OVERHEAD_BYTES;
    while (tenant!.bytes > tenantLimit && tenant!.tail !== undefined) {
      this.#remove(tenant!.tail);
      this.#tenantLimitEvictions++;
    }
    while (this.#bytes > this.#maxTotalBytes && this.#tail !== undefined) {
      this.#remove(this.#tail);
      this.#globalLimitEvictions++;
    }
    const maxTenants = this.options.maxTenants;
    while (maxTenants > 0 && this.#tenants.size > maxTenants && this.#tenantTail !== undefined) {
      this.#tenantCountEvictions += this.#tenantTail.entries.size;
      this.#dropTenant(this.#tenantTail);
    }
    this.#notify(before);
    return true;
  }

  /** Removes one entry; true when it existed. Not an eviction. */
  delete(tenantId: TenantId, key: string): boolean {
    const entry = this.#tenants.get(tenantId)?.entries.get(key);
    if (entry === undefined) return false;
    this.#remove(entry);
    return true;
  }

  /** Removes every entry of a tenant (e.g. on a "tenant updated" message); returns how many. */
  deleteTenant(tenantId: TenantId): number {
    const tenant = this.#tenants.get(tenantId);
    if (tenant === undefined) return 0;
    const n = tenant.entries.size;
    this.#dropTenant(tenant);
    return n;
  }

  /** Accounted bytes of one tenant (0 when absent). */
  tenantBytes(tenantId: TenantId): number {
    const tenant = this.#tenants.get(tenantId);
    return tenant === undefined ? 0 : tenant.bytes + TENANT_OVERHEAD_BYTES;
  }

  /** Tenants holding at least one entry. */
  get tenantCount(): number {
    return this.#tenants.size;
  }

  /** Largest accounted bytes of any one tenant. O(tenants); for tests and reports. */
  maxTenantBytes(): number {
    let max = 0;
    for (const t of this.#tenants.values()) max = Math.max(max, t.bytes + TENANT_OVERHEAD_BYTES);
    return max;
  }

  /** Entries held now. */
  get entries(): number {
    return this.#entries;
  }

  /** Accounted bytes of all entries and tenants. */
  get sizeBytes(): number {
    return this.#bytes;
  }

  /** {@inheritDoc ManagedCache.evictColdest} */
  evictColdest(): boolean {
    if (this.#tail === undefined) return false;
    const before = this.#bytes;
    this.#remove(this.#tail);
    this.#globalLimitEvictions++;
    this.#notify(before);
    return true;
  }

  /**
   * {@inheritDoc ManagedCache.setCapacityFactor}
   *
   * The factor scales `maxTotalBytes` (what all tenants hold together); `maxBytesPerTenant`
   * stays, so shrinking keeps the fairness between tenants and evicts globally least recently
   * used entries (counted as global-limit evictions). An entry larger than the capped total is
   * refused like one larger than a tenant's limit. `get` is unchanged; `set` compares against
   * the capped limits at no extra cost.
   */
  setCapacityFactor(factor: number): number {
    checkCapacityFactor(factor);
    this.#capacityFactor = factor;
    this.#maxTotalBytes = factor === 1 ? this.options.maxTotalBytes : Math.max(1, Math.floor(this.options.maxTotalBytes * factor));
    this.#admitBytes = Math.min(this.options.maxBytesPerTenant, this.#maxTotalBytes) - TENANT_OVERHEAD_BYTES;
    const before = this.#bytes;
    let evicted = 0;
    while (this.#bytes > this.#maxTotalBytes && this.#tail !== undefined) {
      this.#remove(this.#tail);
      this.#globalLimitEvictions++;
      evicted++;
    }
    this.#notify(before);
    return evicted;
  }

  /** {@inheritDoc ManagedCache.capacityFactor} */
  get capacityFactor(): number {
    return this.#capacityFactor;
  }

  /** {@inheritDoc ManagedCache.heldShare} (bytes held by all tenants / `maxTotalBytes`) */
  get heldShare(): number {
    return Math.min(1, this.#bytes / this.options.maxTotalBytes);
  }

  /** {@inheritDoc ManagedCache.setSizeListener} */
  setSizeListener(listener: SizeListener | undefined): void {
    this.#listener = listener;
  }

  /** {@inheritDoc ManagedCache.stats} */
  stats(): TenantCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      evictions: this.#tenantLimitEvictions + this.#globalLimitEvictions + this.#tenantCountEvictions,
      expirations: 0,
      entries: this.#entries,
      sizeBytes: this.#bytes,
      tenants: this.#tenants.size,
      tenantLimitEvictions: this.#tenantLimitEvictions,
      globalLimitEvictions: this.#globalLimitEvictions,
      tenantCountEvictions: this.#tenantCountEvictions,
      rejected: this.#rejected,
    };
  }

  /** Removes everything (not counted as evictions). */
  clear(): void {
    this.#tenants.clear();
    this.#head = this.#tail = undefined;
    this.#tenantHead = this.#tenantTail = undefined;
    this.#entries = 0;
    this.#bytes = 0;
  }

  #notify(before: number): void {
    if (this.#listener !== undefined && this.#bytes !== before) this.#listener(this.#bytes - before);
  }

  #addTenant(id: TenantId): Tenant<V> {
    const tenant = new Tenant<V>(id);
    this.#tenants.set(id, tenant);
    this.#bytes += TENANT_OVERHEAD_BYTES;
    tenant.next = this.#tenantHead;
    if (this.#tenantHead) this.#tenantHead.prev = tenant;
    this.#tenantHead = tenant;
    this.#tenantTail ??= tenant;
    return tenant;
  }

  #touchTenant(tenant: Tenant<V>): void {
    if (this.#tenantHead === tenant) return;
    // unlink
    tenant.prev!.next = tenant.next;
    if (tenant.next) tenant.next.prev = tenant.prev;
    else this.#tenantTail = tenant.prev;
    // push front
    tenant.prev = undefined;
    tenant.next = this.#tenantHead;
    this.#tenantHead!.prev = tenant;
    this.#tenantHead = tenant;
  }

  #dropTenant(tenant: Tenant<V>): void {
    // Removing the last entry removes the tenant itself (see #remove).
    while (tenant.head !== undefined) this.#remove(tenant.head);
  }

  #unlinkTenant(tenant: Tenant<V>): void {
    if (tenant.prev) tenant.prev.next = tenant.next;
    else this.#tenantHead = tenant.next;
    if (tenant.next) tenant.next.prev = tenant.prev;
    else this.#tenantTail = tenant.prev;
    tenant.prev = tenant.next = undefined;
    this.#tenants.delete(tenant.id);
    this.#bytes -= TENANT_OVERHEAD_BYTES;
  }

  #linkFront(entry: Entry<V>): void {
    entry.gNext = this.#head;
    if (this.#head) this.#head.gPrev = entry;
    this.#head = entry;
    this.#tail ??= entry;
    const t = entry.tenant;
    entry.tNext = t.head;
    if (t.head) t.head.tPrev = entry;
    t.head = entry;
    t.tail ??= entry;
  }

  #unlink(entry: Entry<V>): void {
    if (entry.gPrev) entry.gPrev.gNext = entry.gNext;
    else this.#head = entry.gNext;
    if (entry.gNext) entry.gNext.gPrev = entry.gPrev;
    else this.#tail = entry.gPrev;
    const t = entry.tenant;
    if (entry.tPrev) entry.tPrev.tNext = entry.tNext;
    else t.head = entry.tNext;
    if (entry.tNext) entry.tNext.tPrev = entry.tPrev;
    else t.tail = entry.tPrev;
    entry.gPrev = entry.gNext = entry.tPrev = entry.tNext = undefined;
  }

  #touch(entry: Entry<V>): void {
    if (this.#head !== entry || entry.tenant.head !== entry) {
      this.#unlink(entry);
      this.#linkFront(entry);
    }
    this.#touchTenant(entry.tenant);
  }

  #remove(entry: Entry<V>): void {
    this.#unlink(entry);
    const t = entry.tenant;
    t.entries.delete(entry.key);
    t.bytes -= entry.bytes;
    this.#bytes -= entry.bytes;
    this.#entries--;
    if (t.entries.size === 0) this.#unlinkTenant(t);
  }
}
