/**
 * The change history behind an API fake: `baseCount` items at version 1, then batches of
 * changes (updates, deletions, additions), each batch one new version. Items are only indexes
 * and revisions here; the fake renders them on demand, so 100,000 items cost a few maps.
 *
 * Sync tokens are versions: a client holding version `v` has seen every change up to `v`, and
 * an incremental list returns the items whose last change is newer. Expiring tokens (what
 * Google does after about 7 days, https://developers.google.com/people/api/rest/v1/people.connections/list)
 * invalidates every version issued so far.
 */

/** A batch of changes for {@link VersionedCollection.apply}. Every count defaults to 0. */
export interface CollectionChanges {
  /** Live items given a new revision. */
  readonly updated?: number;
  /** Live items deleted (incremental lists return them as tombstones). */
  readonly deleted?: number;
  /** New items appended. */
  readonly added?: number;
}

/** Validates a {@link CollectionChanges} from untrusted JSON (a control route); throws TypeError when malformed. */
export function parseCollectionChanges(body: unknown): CollectionChanges {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of ['updated', 'deleted', 'added']) {
    const v = b[key] ?? 0;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 1_000_000)
      throw new TypeError(`${key} must be an integer in [0, 1000000]`);
    out[key] = v;
  }
  return out;
}

/** One item as a list returns it. */
export interface CollectionItem {
  /** Stable index: the item's identity (the fake derives its id from it). */
  readonly index: number;
  /** Version at which the item's current content was made (1 = original). */
  readonly revision: number;
  /** True for a tombstone (only incremental lists return those). */
  readonly deleted: boolean;
}

/** One page of a list: the items and where the next page starts (absent on the last page). */
export interface CollectionPage {
  readonly items: readonly CollectionItem[];
  readonly nextStart: number | undefined;
}

/** Prime stride of the deterministic choice of changed items: spreads them over the index space. */
const STRIDE = 7919;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The versioned item set of one fake account. */
export class VersionedCollection {
  #size: number;
  #live: number;
  #version = 1;
  #validFrom = 1;
  #cursor = 0;
  readonly #revision = new Map<number, number>();
  readonly #deleted = new Set<number>();
  /** Version of each item's last change (absent: never changed, version 1). */
  readonly #lastChange = new Map<number, number>();
  /** Every change in version order; an entry is current when it is its item's last change. */
  readonly #log: { readonly index: number; readonly version: number }[] = [];

  /** @param baseCount items at version 1 (a non-negative integer) */
  constructor(baseCount: number) {
    if (!Number.isSafeInteger(baseCount) || baseCount < 0) throw new TypeError(`baseCount must be an integer ≥ 0, got ${baseCount}`);
    this.#size = baseCount;
    this.#live = baseCount;
  }

  /** The current version: what a sync token issued now carries. */
  get version(): number {
    return this.#version;
  }

  /** Items a full list returns (live, not deleted). */
  get liveCount(): number {
    return this.#live;
  }

  /** True when a token carrying `version` may still be used. */
  isTokenValid(version: number): boolean {
    return version >= this.#validFrom && version <= this.#version;
  }

  /** Invalidates every token issued so far (a new version starts; tokens issued from now are valid). */
  expireTokens(): void {
    this.#version++;
    this.#validFrom = this.#version;
  }

  /** Applies one batch of changes as a new version. Throws when fewer live items exist than asked for. */
  apply(changes: CollectionChanges): void {
    const updated = changes.updated ?? 0;
    const deleted = changes.deleted ?? 0;
    const added = changes.added ?? 0;
    for (const [name, n] of Object.entries({ updated, deleted, added })) {
      if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`${name} must be an integer ≥ 0, got ${String(n)}`);
    }
    if (updated + deleted > this.#live) throw new RangeError(`cannot change ${updated + deleted} of ${this.#live} live items`);
    const version = ++this.#version;
    const chosen = this.#chooseLive(updated + deleted);
    chosen.forEach((index, i) => {
      if (i < updated) this.#revision.set(index, version);
      else {
        this.#deleted.add(index);
        this.#live--;
      }
      this.#record(index, version);
    });
    for (let i = 0; i < added; i++) {
      const index = this.#size++;
      this.#revision.set(index, version);
      this.#live++;
      this.#record(index, version);
    }
  }

  /** Live items from index `start` on, at most `limit` of them (a full list). */
  fullPage(start: number, limit: number): CollectionPage {
    const items: CollectionItem[] = [];
    let index = start;
    for (; index < this.#size && items.length < limit; index++) {
      if (!this.#deleted.has(index)) items.push({ index, revision: this.#revision.get(index) ?? 1, deleted: false });
    }
    while (index < this.#size && this.#deleted.has(index)) index++;
    return { items, nextStart: index < this.#size ? index : undefined };
  }

  /**
   * Items changed after `sinceVersion` (deleted ones as tombstones), from position `start` of
   * the change log on, at most `limit` of them (an incremental list).
   */
  changesPage(sinceVersion: number, start: number, limit: number): CollectionPage {
    let position = start === 0 ? this.#firstLogPositionAfter(sinceVersion) : start;
    const items: CollectionItem[] = [];
    for (; position < this.#log.length && items.length < limit; position++) {
      const entry = this.#log[position]!;
      if (this.#lastChange.get(entry.index) !== entry.version) continue; // superseded by a later change
      items.push({ index: entry.index, revision: this.#revision.get(entry.index) ?? 1, deleted: this.#deleted.has(entry.index) });
    }
    return { items, nextStart: position < this.#log.length ? position : undefined };
  }

  #record(index: number, version: number): void {
    this.#lastChange.set(index, version);
    this.#log.push({ index, version });
  }

  #firstLogPositionAfter(version: number): number {
    let lo = 0;
    let hi = this.#log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#log[mid]!.version <= version) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct live indexes, spread by a prime stride, continuing where the last batch stopped. */
  #chooseLive(count: number): number[] {
    const chosen = new Set<number>();
    let stride = STRIDE;
    while (this.#size > 0 && gcd(stride, this.#size) !== 1) stride += 2;
    for (let attempts = 0; chosen.size < count && attempts < this.#size; attempts++) {
      this.#cursor = (this.#cursor + stride) % this.#size;
      if (!this.#deleted.has(this.#cursor)) chosen.add(this.#cursor);
    }
    return [...chosen];
  }
}
