/**
 * How much memory pre-loading will take, decided *before* loading (seed 000 §Memory Estimation).
 *
 * The seed guessed "~100 bytes per CCT record". Measured instead (heap + ArrayBuffer bytes
 * retained after forced GCs, `node --expose-gc`; see `cct-memory-estimator.test.ts` and the
 * `ccts` scenario's `estimateError` counter): the packed index costs 8 (key) + 4 (id) + 1
 * (bucket offset) bytes per record, plus a fixed part. Within 5 % of the measurement from
 * 100k records up, ~15 % at 10k; below that the whole index (13 KB at 1k) is smaller than the
 * run-to-run noise of compiled code, and only the absolute figure (a few hundred KB) matters.
 */

/** Bytes per record of the packed pre-load index: `Float64` key + `Uint32` id + ¼ of a `Uint32` offset. */
export const PRELOAD_BYTES_PER_RECORD = 13;

/**
 * Fixed bytes pre-loading adds beyond the per-record arrays: the manager, index and report
 * objects, and what V8 keeps of compiling the load and lookup paths (code, feedback). Measured
 * in the `ccts` scenario (heap + ArrayBuffers retained after forced GC): 150–320 KB at
 * 1k–270k records, about half of it compiled code.
 */
export const PRELOAD_FIXED_BYTES = 224 * 1024;

/**
 * Bytes per cached clave in on-demand mode: ~92 B for the `lru-cache` entry itself (numeric key
 * and id, measured with 100k entries), ~150 B retained per cached clave in the `ccts` scenario
 * at 270k records (101k cached claves).
 */
export const ON_DEMAND_BYTES_PER_ENTRY = 150;

/** Seed 000's uncalibrated guess, kept to show how far off it is (a `Map` of full rows costs ~3.6×). */
export const SEED_GUESSED_BYTES_PER_RECORD = 100;

/** Estimated bytes the pre-load index of `records` CCTs retains. */
export function estimatePreloadBytes(records: number): number {
  if (!(records >= 0)) throw new TypeError(`records must be a number ≥ 0, got ${String(records)}`);
  return PRELOAD_FIXED_BYTES + Math.ceil(records) * PRELOAD_BYTES_PER_RECORD;
}

/** Estimated bytes of the on-demand caches holding `entries` claves. */
export function estimateOnDemandBytes(entries: number): number {
  return entries * ON_DEMAND_BYTES_PER_ENTRY;
}

/**
 * Records in a CSV of `sizeBytes` bytes, from a sample of its beginning: the header is
 * subtracted and the rest divided by the sample's mean row length. Returns `undefined` when
 * the sample holds no complete data row.
 */
export function estimateRecordCount(sizeBytes: number, sample: Uint8Array): number | undefined {
  const headerEnd = sample.indexOf(10);
  if (headerEnd < 0) return undefined;
  let rows = 0;
  let lastNewline = headerEnd;
  for (let i = headerEnd + 1; i < sample.length; i++) {
    if (sample[i] === 10) {
      rows++;
      lastNewline = i;
    }
  }
  if (rows === 0) return undefined;
  const meanRowBytes = (lastNewline - headerEnd) / rows;
  return Math.max(0, Math.round((sizeBytes - headerEnd - 1) / meanRowBytes));
}
