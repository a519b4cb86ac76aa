/**
 * Streams (clave, id) pairs into a {@link PackedCCTIndex}: appends to typed arrays that grow
 * geometrically, then groups them by hash bucket with a counting sort and drops duplicate
 * claves (the last one wins, as in a `Map`). Peak memory while building is ~30 bytes per record
 * (growth slack plus the sorted copy), all of it external; the result is exactly sized.
 */
import { hashClaveCode, PackedCCTIndex } from './packed-cct-index.js';

/** Options of {@link PackedCCTIndexBuilder}. */
export interface PackedCCTIndexBuilderOptions {
  /**
   * Capacity reserved up front, in records. A good estimate (from the source's byte size)
   * avoids growth copies; a wrong one only costs one copy per doubling.
   * @default 1024
   */
  readonly expectedRecords?: number;
  /**
   * Average records per hash bucket. Each bucket costs a 4-byte offset, so `4` means ~1 byte
   * per record; lower is faster to probe and bigger.
   * @default 4
   */
  readonly recordsPerBucket?: number;
}

/** Largest id an index holds (ids are stored as `Uint32`). */
export const MAX_CCT_ID = 0xffff_ffff;

const INV_2_32 = 2 ** -32;

/** Collects pairs; call {@link finish} once. */
export class PackedCCTIndexBuilder {
  #keys: Float64Array;
  #ids: Uint32Array;
  #length = 0;
  #duplicates = 0;
  #finished = false;
  readonly #recordsPerBucket: number;

  constructor(options: PackedCCTIndexBuilderOptions = {}) {
    const expected = options.expectedRecords ?? 1024;
    if (!Number.isInteger(expected) || expected < 0) {
      throw new TypeError(`expectedRecords must be a whole number of records ≥ 0, got ${String(expected)}`);
    }
    const perBucket = options.recordsPerBucket ?? 4;
    if (typeof perBucket !== 'number' || !(perBucket >= 1 && perBucket <= 64)) {
      throw new TypeError(`recordsPerBucket must be a number of records in [1, 64], got ${String(perBucket)}`);
    }
    this.#recordsPerBucket = perBucket;
    const capacity = Math.max(16, expected);
    this.#keys = new Float64Array(capacity);
    this.#ids = new Uint32Array(capacity);
  }

  /** Pairs added so far (duplicates included). */
  get length(): number {
    return this.#length;
  }

  /** Duplicate claves dropped by {@link finish} (known after it returns). */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Bytes of the arrays reserved so far (external memory). */
  reservedBytes(): number {
    return this.#keys.byteLength + this.#ids.byteLength;
  }

  /**
   * Adds one pair. `code` comes from {@link encodeClave} (≥ 0); `id` is an integer in
   * `[0, MAX_CCT_ID]`. Callers validate: this is the per-row hot path.
   */
  add(code: number, id: number): void {
    if (this.#finished) throw new Error('PackedCCTIndexBuilder: add() after finish()');
    if (this.#length === this.#keys.length) this.#grow();
    this.#keys[this.#length] = code;
    this.#ids[this.#length] = id;
    this.#length++;
  }

  #grow(): void {
    // ×1.5 rather than ×2: less slack at the end for the same amortised cost.
    const capacity = Math.ceil(this.#keys.length * 1.5);
    const keys = new Float64Array(capacity);
    keys.set(this.#keys);
    const ids = new Uint32Array(capacity);
    ids.set(this.#ids);
    this.#keys = keys;
    this.#ids = ids;
  }

  /** Builds the index. The builder is spent afterwards. */
  finish(): PackedCCTIndex {
    if (this.#finished) throw new Error('PackedCCTIndexBuilder: finish() called twice');
    this.#finished = true;
    const n = this.#length;
    const srcKeys = this.#keys;
    const srcIds = this.#ids;
    const bucketCount = Math.max(1, Math.ceil(n / this.#recordsPerBucket));

    // Counting sort by bucket, stable, so rows of one bucket keep their file order.
    const bucketOf = new Uint32Array(n);
    const offsets = new Uint32Array(bucketCount + 1);
    for (let i = 0; i < n; i++) {
      const b = (hashClaveCode(srcKeys[i]) * bucketCount * INV_2_32) | 0;
      bucketOf[i] = b;
      offsets[b + 1]++;
    }
    for (let b = 0; b < bucketCount; b++) offsets[b + 1] += offsets[b];
    const cursor = offsets.slice(0, bucketCount);
    let keys = new Float64Array(n);
    let ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const at = cursor[bucketOf[i]]++;
      keys[at] = srcKeys[i];
      ids[at] = srcIds[i];
    }
    // Release the growth arrays before compaction allocates anything else.
    this.#keys = new Float64Array(0);
    this.#ids = new Uint32Array(0);

    // Drop duplicates in place, bucket by bucket: a later row overwrites the earlier row's id.
    let write = 0;
    let duplicates = 0;
    let start = offsets[0];
    for (let b = 0; b < bucketCount; b++) {
      const end = offsets[b + 1];
      const first = write;
      for (let r = start; r < end; r++) {
        const key = keys[r];
        let k = first;
        while (k < write && keys[k] !== key) k++;
        if (k < write) {
          ids[k] = ids[r];
          duplicates++;
        } else {
          keys[write] = key;
          ids[write] = ids[r];
          write++;
        }
      }
      offsets[b] = first;
      start = end;
    }
    offsets[bucketCount] = write;
    if (write < n) {
      keys = keys.slice(0, write);
      ids = ids.slice(0, write);
    }
    this.#duplicates = duplicates;
    return new PackedCCTIndex(keys, ids, offsets);
  }
}
