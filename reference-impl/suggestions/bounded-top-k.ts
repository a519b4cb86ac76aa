/**
 * The best `k` items of a stream under a comparator, in O(k) memory: a binary heap whose root
 * is the worst item kept, so each offer costs O(log k) and most offers one comparison.
 */
export class BoundedTopK<T> {
  readonly #k: number;
  readonly #compare: (a: T, b: T) => number;
  // Max-heap under `compare` (compare < 0 = better): the root is the worst kept item.
  readonly #heap: T[] = [];

  /**
   * @param k items kept (≥ 1)
   * @param compare sort comparator: negative when `a` ranks before (is better than) `b`
   */
  constructor(k: number, compare: (a: T, b: T) => number) {
    if (!Number.isInteger(k) || k < 1) throw new TypeError(`k must be an integer ≥ 1, got ${String(k)}`);
    this.#k = k;
    this.#compare = compare;
  }

  /** Items kept so far (≤ k). */
  get size(): number {
    return this.#heap.length;
  }

  /**
   * True when `item` would be kept, without keeping it. Lets a caller skip building an item
   * object for the (usual) losers.
   */
  wouldAccept(item: T): boolean {
    return this.#heap.length < this.#k || this.#compare(item, this.#heap[0]!) < 0;
  }

  /** Keeps `item` if it is among the best `k` so far; returns whether it was kept. */
  offer(item: T): boolean {
    const heap = this.#heap;
    if (heap.length < this.#k) {
      heap.push(item);
      this.#siftUp(heap.length - 1);
      return true;
    }
    if (this.#compare(item, heap[0]!) >= 0) return false;
    heap[0] = item;
    this.#siftDown(0);
    return true;
  }

  /** The kept items, best first (a new array). */
  sorted(): T[] {
    return [...this.#heap].sort(this.#compare);
  }

  #siftUp(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && this.#compare(heap[left]!, heap[worst]!) > 0) worst = left;
      if (right < heap.length && this.#compare(heap[right]!, heap[worst]!) > 0) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  }
}
