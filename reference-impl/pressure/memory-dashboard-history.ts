/**
 * The dashboard's bounded memory of the past: a ring of the last `capacity` items (chart
 * samples, pressure events). A push past the capacity drops the oldest item, so what the
 * dashboard holds never grows with uptime.
 */

/** The last `capacity` items pushed, oldest first. Push is O(1). */
export class MemoryDashboardHistory<T> {
  /** Items kept at most. */
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  /** @param capacity items kept at most, a whole number ≥ 1 */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new TypeError(`capacity must be a whole number of items ≥ 1, got ${String(capacity)}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Items held now (≤ {@link capacity}). */
  get size(): number {
    return this.#size;
  }

  /** Appends `item`, dropping the oldest when full. */
  push(item: T): void {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size++;
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The items, oldest first (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }
}
