/**
 * A "doorkeeper" admission filter (the first stage of TinyLFU, Einziger et al. 2017): a value is
 * admitted to a cache only on the second miss for its key within a recent window.
 *
 * Why a memory harness needs it: under a skewed (Zipf) workload most keys of the long tail are
 * read once. A cache that stores every miss keeps each of them until it is evicted; by then V8
 * has promoted it to the old generation, where it stays as garbage until the next major GC. The
 * old generation then fills with dead cache entries up to V8's collection limit whatever the
 * cache's own byte budget: the cache churn that seed 004 calls "Problem 3: Memory Fragmentation
 * … gcPressure: High". Refusing one-hit wonders removes most of that churn and raises the hit
 * rate of the entries that stay.
 *
 * Keys are remembered as 32-bit hashes in two generations of at most `windowKeys` each, so the
 * filter holds no key strings, costs O(1) per check, and forgets keys not seen for up to two
 * windows. A hash collision admits a key early, which is harmless.
 */

/** Options of {@link AdmissionDoorkeeper}. */
export interface AdmissionDoorkeeperOptions {
  /** Distinct keys remembered per generation; two generations are kept. @default 16384 */
  readonly windowKeys?: number;
}

/** Admits a key on its second miss within the window. */
export class AdmissionDoorkeeper {
  /** Keys per generation. */
  readonly windowKeys: number;
  #current = new Set<number>();
  #previous = new Set<number>();
  #admitted = 0;
  #refused = 0;

  constructor(options: AdmissionDoorkeeperOptions = {}) {
    this.windowKeys = options.windowKeys ?? 16_384;
    if (!Number.isInteger(this.windowKeys) || this.windowKeys <= 0) {
      throw new TypeError(`windowKeys must be a positive integer, got ${String(options.windowKeys)}`);
    }
  }

  /**
   * Call on a miss, before storing: true when `key` missed recently (store it), false on its
   * first miss (serve the value without storing it; the key is remembered).
   */
  admit(key: string): boolean {
    const h = fnv1a(key);
    if (this.#current.has(h) || this.#previous.has(h)) {
      this.#admitted++;
      return true;
    }
    this.#current.add(h);
    if (this.#current.size >= this.windowKeys) {
      this.#previous = this.#current;
      this.#current = new Set();
    }
    this.#refused++;
    return false;
  }

  /** Misses admitted and refused so far. */
  stats(): { admitted: number; refused: number } {
    return { admitted: this.#admitted, refused: this.#refused };
  }
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Signed: a Smi on every platform, so the Sets store no boxed numbers.
  return h | 0;
}
