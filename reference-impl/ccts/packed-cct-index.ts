/**
 * A read-only map clave → CCT id in about 13 bytes per record: the pre-load index of seed 000,
 * packed so 270,000 CCTs cost ~3.5 MB instead of the ~98 MB of a `Map` of full rows.
 *
 * Layout (a static hash table in compressed-sparse-row form):
 * - `keys`: `Float64Array`, each clave encoded as an integer (see `encodeClave`), 8 B;
 * - `ids`: `Uint32Array`, the CCT id of the key at the same position, 4 B;
 * - `offsets`: `Uint32Array` of `bucketCount + 1`: the keys of bucket `b` are
 *   `keys[offsets[b] .. offsets[b + 1])`, ~1 B per record with 4 records per bucket.
 *
 * A lookup hashes the code to a bucket and scans ~4 adjacent doubles: three cache misses at
 * most (offsets, keys, ids), where a binary search over 270k keys touches ~18 lines. Measured
 * (`npm run bench -- ccts-index`): ~15 million lookups/s, ~0.8× a `Map<string, number>`. The arrays live outside the V8 heap (typed
 * array backing stores are external memory), so count {@link PackedCCTIndex.memoryBytes} — not
 * just `heapUsed` — when measuring it.
 */
import { CLAVE_LOW_RADIX } from './clave.js';

/** See the note on `charCodeAt` in clave.ts: a module-local constant, so V8 knows the call target. */
const charCodeAt = String.prototype.charCodeAt;

/** 2⁻³², to map a 32-bit hash onto `[0, bucketCount)` with a multiply instead of a modulo. */
const INV_2_32 = 2 ** -32;

/**
 * A 32-bit mix of a clave's two halves (see `CLAVE_LOW_RADIX`): small integers only, so the
 * lookup path never truncates a 39-bit double. Shared by the builder and lookups; changing it
 * moves every key to another bucket.
 */
export function hashClaveParts(head: number, low: number): number {
  let h = Math.imul(head ^ Math.imul(low, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** {@link hashClaveParts} of an encoded clave (build time: divides once per record). */
export function hashClaveCode(code: number): number {
  const head = Math.floor(code / CLAVE_LOW_RADIX);
  return hashClaveParts(head, code - head * CLAVE_LOW_RADIX);
}

/** The immutable index. Build one with {@link PackedCCTIndexBuilder}. */
export class PackedCCTIndex {
  /** Records held (distinct claves). */
  readonly size: number;
  readonly #keys: Float64Array;
  readonly #ids: Uint32Array;
  readonly #offsets: Uint32Array;
  readonly #bucketCount: number;

  /** @internal Use {@link PackedCCTIndexBuilder.finish}. */
  constructor(keys: Float64Array, ids: Uint32Array, offsets: Uint32Array) {
    if (keys.length !== ids.length || offsets.length < 2 || offsets[offsets.length - 1] !== keys.length) {
      throw new RangeError('inconsistent packed index arrays');
    }
    this.size = keys.length;
    this.#keys = keys;
    this.#ids = ids;
    this.#offsets = offsets;
    this.#bucketCount = offsets.length - 1;
  }

  /**
   * The id of `clave`, or `-1` when it is absent or not a well-formed clave. The hot path: the
   * clave is parsed here (not through `encodeClave`) so its two halves stay small integers.
   */
  get(clave: string): number {
    if (clave.length !== 10) return -1;
    const d0 = charCodeAt.call(clave, 0) - 48;
    const d1 = charCodeAt.call(clave, 1) - 48;
    const l0 = charCodeAt.call(clave, 2) - 65;
    const l1 = charCodeAt.call(clave, 3) - 65;
    const l2 = charCodeAt.call(clave, 4) - 65;
    const d2 = charCodeAt.call(clave, 5) - 48;
    const d3 = charCodeAt.call(clave, 6) - 48;
    const d4 = charCodeAt.call(clave, 7) - 48;
    const d5 = charCodeAt.call(clave, 8) - 48;
    const l3 = charCodeAt.call(clave, 9) - 65;
    if (
      d0 >>> 0 > 9 ||
      d1 >>> 0 > 9 ||
      d2 >>> 0 > 9 ||
      d3 >>> 0 > 9 ||
      d4 >>> 0 > 9 ||
      d5 >>> 0 > 9 ||
      l0 >>> 0 > 25 ||
      l1 >>> 0 > 25 ||
      l2 >>> 0 > 25 ||
      l3 >>> 0 > 25
    ) {
      return -1;
    }
    const head = ((d0 * 10 + d1) * 26 + l0) * 676 + l1 * 26 + l2;
    const low = (((d2 * 10 + d3) * 10 + d4) * 10 + d5) * 26 + l3;
    return this.#find(head * CLAVE_LOW_RADIX + low, hashClaveParts(head, low));
  }

  /** The id stored for an encoded clave (see `encodeClave`), or `-1`. */
  getByCode(code: number): number {
    return this.#find(code, hashClaveCode(code));
  }

  #find(code: number, hash: number): number {
    const bucket = (hash * this.#bucketCount * INV_2_32) | 0;
    const keys = this.#keys;
    const end = this.#offsets[bucket + 1];
    for (let i = this.#offsets[bucket]; i < end; i++) {
      if (keys[i] === code) return this.#ids[i];
    }
    return -1;
  }

  /** Whether `clave` is in the index. */
  has(clave: string): boolean {
    return this.get(clave) >= 0;
  }

  /**
   * Bytes held by the index: its three typed arrays (external memory) plus a fixed allowance for
   * the JS objects that point at them (measured: a few hundred bytes).
   */
  memoryBytes(): number {
    return this.#keys.byteLength + this.#ids.byteLength + this.#offsets.byteLength + PackedCCTIndex.OBJECT_OVERHEAD_BYTES;
  }

  /** Heap bytes of the index object and its four typed-array wrappers (V8, 64-bit, measured). */
  static readonly OBJECT_OVERHEAD_BYTES = 512;

  /** Every (code, id) pair, in storage order (for tests and exports). */
  *entries(): IterableIterator<[code: number, id: number]> {
    for (let i = 0; i < this.size; i++) yield [this.#keys[i], this.#ids[i]];
  }
}
