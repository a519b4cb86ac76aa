/**
 * Approximate access counts for a bounded number of keys, so a hot-data refresh can ask which
 * keys were used most (seed 004 `refreshHotData()`: "the 100 most-accessed keys").
 *
 * Counting every key ever seen in a `Map` would be a leak with extra steps. Here at most
 * `maxKeys` keys are tracked; when a new key finds the table full, every count is halved and
 * the keys reaching zero are dropped — the periodic "reset" by halving of TinyLFU
 * (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", 2017), which
 * also ages old popularity so yesterday's hot keys fade. A `record` is one `Map` lookup and one
 * write; a halving is O(maxKeys) and frees at least the keys counted once since the last one.
 * The aging cuts both ways: a key must be used again within about one table's worth of new keys
 * to stay ranked, so size `maxKeys` to the distinct keys a refresh interval sees.
 */
import { BoundedTopK } from '../suggestions/bounded-top-k.js';
import { DEFAULT_TRACKED_KEYS } from './pressure-defaults.js';

/** Counts accesses per key for at most `maxKeys` keys. */
export class AccessCounter<K> {
  /** Keys tracked at most. */
  readonly maxKeys: number;
  readonly #counts = new Map<K, number>();
  #halvings = 0;

  /** @param maxKeys keys tracked at most (≥ 1). @default DEFAULT_TRACKED_KEYS (10,000) */
  constructor(maxKeys: number = DEFAULT_TRACKED_KEYS) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1)
      throw new TypeError(`maxKeys must be a whole number of keys ≥ 1, got ${String(maxKeys)}`);
    this.maxKeys = maxKeys;
  }

  /** Counts one access to `key`. */
  record(key: K): void {
    const count = this.#counts.get(key);
    if (count !== undefined) {
      this.#counts.set(key, count + 1);
      return;
    }
    while (this.#counts.size >= this.maxKeys) this.#halve();
    this.#counts.set(key, 1);
  }

  /** The (approximate) count of `key`; 0 when not tracked. */
  count(key: K): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Keys tracked now. */
  get size(): number {
    return this.#counts.size;
  }

  /** Times the counts were halved to make room. */
  get halvings(): number {
    return this.#halvings;
  }

  /**
   * Up to `n` keys with the highest counts, highest first (ties: the key tracked first wins),
   * skipping keys for which `skip` returns true and keys counted fewer than `minCount` times.
   * O(tracked keys × log n).
   *
   * @param minCount lowest count a key needs to be returned (≥ 1). @default 1
   */
  mostAccessed(n: number, skip?: (key: K) => boolean, minCount = 1): K[] {
    if (!Number.isInteger(n) || n < 1) throw new TypeError(`n must be a whole number of keys ≥ 1, got ${String(n)}`);
    if (!Number.isInteger(minCount) || minCount < 1) throw new TypeError(`minCount must be a whole number ≥ 1, got ${String(minCount)}`);
    let order = 0;
    const top = new BoundedTopK<{ key: K; count: number; order: number }>(n, (a, b) => b.count - a.count || a.order - b.order);
    for (const [key, count] of this.#counts) {
      if (count < minCount) {
        order++;
        continue;
      }
      const candidate = { key, count, order: order++ };
      if (!top.wouldAccept(candidate)) continue;
      if (skip?.(key)) continue;
      top.offer(candidate);
    }
    return top.sorted().map((c) => c.key);
  }

  /** Forgets every count. */
  clear(): void {
    this.#counts.clear();
  }

  #halve(): void {
    this.#halvings++;
    for (const [key, count] of this.#counts) {
      const half = Math.floor(count / 2);
      if (half === 0) this.#counts.delete(key);
      else this.#counts.set(key, half);
    }
  }
}
