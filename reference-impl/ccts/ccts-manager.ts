/**
 * The CCT manager of seed 000: maps a clave (`09DPR1234X`) to the id of its CCT entity, either
 * from a pre-loaded in-memory index or on demand from the lookup API, whichever the memory
 * estimate allows.
 *
 * - **pre-load**: the export (local CSV or S3 object) is streamed into a {@link PackedCCTIndex}
 *   (~13 bytes per CCT); lookups never leave the process.
 * - **on-demand**: each unique clave is asked of the lookup API once; answers (found or not)
 *   are cached in bounded LRU caches.
 * - **auto**: pre-load when the estimate for the export's size fits `maxMemoryBytes`,
 *   on-demand otherwise.
 *
 * Degrades instead of failing: no source, a missing source, an unreadable or oversized export
 * all mean on-demand mode with the reason logged and kept in {@link CCTsStats.fallbackReason}.
 * A lookup the API cannot answer rejects with a coded {@link CCTsError}; the manager keeps
 * working for everything else.
 */
import { performance } from 'node:perf_hooks';
import { requireClaveCode } from './clave.js';
import { CCTsError } from './ccts-error.js';
import { loadCCTIndexFromCsv, type CCTCsvReport } from './cct-csv-loader.js';
import { CCTLookupApiClient, type CCTLookupApi } from './cct-lookup-api-client.js';
import {
  estimateOnDemandBytes,
  estimatePreloadBytes,
  estimateRecordCount,
  PRELOAD_BYTES_PER_RECORD,
  PRELOAD_FIXED_BYTES,
} from './cct-memory-estimator.js';
import type { CCTSource } from './cct-source.js';
import { OnDemandCCTLookup } from './on-demand-cct-lookup.js';
import type { PackedCCTIndex } from './packed-cct-index.js';

/** How the manager answers: `auto` picks one of the other two from the memory estimate. */
export type CCTsMode = 'auto' | 'preload' | 'on-demand';

/** Why the manager runs on demand. */
export type CCTsOnDemandReason =
  /** `mode: 'on-demand'` (`CCTS_USE_PRELOADING=false`, or production defaults). */
  | 'configured'
  /** No local path and no S3 bucket configured. */
  | 'no-source'
  /** The file or S3 object does not exist. */
  | 'source-missing'
  /** The source exists but could not be opened or read to the end. */
  | 'source-unavailable'
  /** `auto`: the estimate for the export's size is above `maxMemoryBytes`. */
  | 'memory-estimate'
  /** `auto`: the export turned out to hold more records than `maxMemoryBytes` allows. */
  | 'memory-limit'
  /** The export has no header naming `id` and `clave`. */
  | 'bad-header';

/** Options of {@link CCTsManager}. All optional. */
export interface CCTsManagerOptions {
  /** Where the export is (`LocalCCTSource`, `S3CCTSource`). @default none: on-demand */
  readonly source?: CCTSource;
  /** @default 'auto' */
  readonly mode?: CCTsMode;
  /**
   * Memory the pre-load index may use, in bytes (`CCTS_MAX_MEMORY_MB` × 2²⁰). In `auto` mode an
   * export whose estimate is above it is not loaded. @default 1 GiB
   */
  readonly maxMemoryBytes?: number;
  /** Base URL of the lookup API (`CCTS_LOOKUP_API_URL`). @default none: on-demand lookups fail */
  readonly lookupApiUrl?: string;
  /** A lookup API to use instead of an HTTP client for `lookupApiUrl`. */
  readonly lookupApi?: CCTLookupApi;
  /** Per-request timeout of the HTTP client, in milliseconds. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Positive cache bound, in claves (on-demand). @default 300_000 */
  readonly maxCachedClaves?: number;
  /** Negative cache bound, in claves (on-demand). @default 100_000 */
  readonly maxNegativeClaves?: number;
  /** Mode decisions and fallbacks, one line each. @default no output */
  readonly log?: (message: string) => void;
}

/** What the manager did and how lookups went (seed 000 §Cache Statistics). */
export interface CCTsStats {
  /** The mode in effect; `uninitialized` before {@link CCTsManager.initialize}. */
  readonly mode: 'preload' | 'on-demand' | 'uninitialized';
  readonly requestedMode: CCTsMode;
  /** Why the mode is on-demand; `null` in pre-load mode. */
  readonly onDemandReason: CCTsOnDemandReason | null;
  /** The source description (`s3://…`, `file:…`), `null` without one. */
  readonly source: string | null;
  /** Lookups of well-formed claves. */
  readonly lookups: number;
  /** Answered with an id from memory (the index, or the positive cache). */
  readonly hits: number;
  /** Answered "no such CCT" from memory (absent from the index, or in the negative cache). */
  readonly negativeHits: number;
  /** Had to ask the lookup API (sent or joined a request). */
  readonly misses: number;
  /** Misses that joined a request already in flight for the same clave. */
  readonly inflightJoins: number;
  /** HTTP requests sent to the lookup API. */
  readonly apiCalls: number;
  /** Requests that failed. */
  readonly apiErrors: number;
  /** Lookups rejected because the clave was malformed. */
  readonly rejectedClaves: number;
  /** `(hits + negativeHits) / lookups`: answered without the API; 0 before any lookup. */
  readonly hitRate: number;
  /** CCTs in the pre-load index. */
  readonly recordsLoaded: number;
  /** Time {@link CCTsManager.initialize} took, in milliseconds (the load, in pre-load mode). */
  readonly loadTimeMs: number;
  /** Bytes held: the index's arrays (pre-load), or an estimate from cache entries (on-demand). */
  readonly memoryUsedBytes: number;
  /** Records the export was estimated to hold before loading, when its size was known. */
  readonly estimatedRecords: number | null;
  /** Estimated pre-load bytes for `estimatedRecords`: what the mode decision compared. */
  readonly estimatedBytes: number | null;
  readonly maxMemoryBytes: number;
  /** What the CSV load saw (bad rows, duplicates, BOM, CRLF); `null` when nothing was loaded. */
  readonly csv: CCTCsvReport | null;
  /** Entries in the on-demand caches. */
  readonly cachedClaves: number;
  readonly negativeCachedClaves: number;
}

interface ResolvedOptions {
  readonly source: CCTSource | undefined;
  readonly mode: CCTsMode;
  readonly maxMemoryBytes: number;
  readonly lookupApi: CCTLookupApi | undefined;
  readonly maxCachedClaves: number;
  readonly maxNegativeClaves: number;
  readonly log: (message: string) => void;
}

/** Bytes read before deciding the mode: enough rows for a stable mean row length. */
const SAMPLE_BYTES = 64 * 1024;
const MODES: readonly CCTsMode[] = ['auto', 'preload', 'on-demand'];

function resolveOptions(options: CCTsManagerOptions): ResolvedOptions {
  const mode = options.mode ?? 'auto';
  if (!MODES.includes(mode)) throw new TypeError(`mode must be one of ${MODES.join(', ')}, got ${String(mode)}`);
  const maxMemoryBytes = options.maxMemoryBytes ?? 1024 * 1024 * 1024;
  if (typeof maxMemoryBytes !== 'number' || !(maxMemoryBytes > 0)) {
    throw new TypeError(`maxMemoryBytes must be a number of bytes > 0, got ${String(maxMemoryBytes)}`);
  }
  if (options.source !== undefined && typeof options.source?.open !== 'function') throw new TypeError('source must be a CCTSource');
  if (options.log !== undefined && typeof options.log !== 'function') throw new TypeError('log must be a function');
  let lookupApi = options.lookupApi;
  if (lookupApi !== undefined && typeof lookupApi.findId !== 'function') throw new TypeError('lookupApi must have a findId(clave) method');
  if (!lookupApi && options.lookupApiUrl !== undefined) {
    lookupApi = new CCTLookupApiClient({
      baseUrl: options.lookupApiUrl,
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    });
  }
  const maxCachedClaves = options.maxCachedClaves ?? 300_000;
  const maxNegativeClaves = options.maxNegativeClaves ?? 100_000;
  for (const [name, value] of [
    ['maxCachedClaves', maxCachedClaves],
    ['maxNegativeClaves', maxNegativeClaves],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a whole number of claves ≥ 1, got ${String(value)}`);
  }
  return Object.freeze({
    source: options.source,
    mode,
    maxMemoryBytes,
    lookupApi,
    maxCachedClaves,
    maxNegativeClaves,
    log: options.log ?? (() => {}),
  });
}

/** Stands in for the lookup API when none is configured: every call fails, clearly. */
const NO_LOOKUP_API: CCTLookupApi = {
  findId: (clave) =>
    Promise.reject(
      new CCTsError('HEAPGATE_CCTS_LOOKUP_UNAVAILABLE', `no CCT lookup API configured (CCTS_LOOKUP_API_URL) to look up clave ${clave}`, {
        clave,
      }),
    ),
};

/**
 * @example
 * const ccts = new CCTsManager({ source: new S3CCTSource({ client, bucket }), lookupApiUrl });
 * await ccts.initialize();             // pre-loads, or falls back to on-demand (logged)
 * const id = await ccts.lookup('09DPR1234X'); // → 4711, or null when there is no such CCT
 */
export class CCTsManager {
  readonly #options: ResolvedOptions;
  #init: Promise<void> | undefined;
  #mode: 'preload' | 'on-demand' | undefined;
  #reason: CCTsOnDemandReason | null = null;
  #index: PackedCCTIndex | undefined;
  /** CCTs created after the export was loaded (pre-load mode); see {@link remember}. */
  #added = new Map<number, number>();
  #onDemand: OnDemandCCTLookup | undefined;
  #csv: CCTCsvReport | null = null;
  #estimatedRecords: number | null = null;
  #estimatedBytes: number | null = null;
  #loadTimeMs = 0;
  #lookups = 0;
  #hits = 0;
  #negativeHits = 0;
  #rejected = 0;
  #closed = false;

  constructor(options: CCTsManagerOptions = {}) {
    this.#options = resolveOptions(options);
  }

  /** The mode in effect, `undefined` before initialisation. */
  get mode(): 'preload' | 'on-demand' | undefined {
    return this.#mode;
  }

  /**
   * Chooses the mode and, in pre-load mode, loads the export. Idempotent; never rejects for a
   * missing or bad source (that means on-demand mode). Lookups call it when needed.
   */
  async initialize(): Promise<CCTsStats> {
    if (this.#closed) throw new CCTsError('HEAPGATE_CCTS_CLOSED', 'CCTsManager is closed');
    this.#init ??= this.#initialize();
    await this.#init;
    return this.getStats();
  }

  async #initialize(): Promise<void> {
    const started = performance.now();
    try {
      await this.#chooseAndLoad();
    } finally {
      this.#loadTimeMs = performance.now() - started;
    }
  }

  async #chooseAndLoad(): Promise<void> {
    const { source, mode, maxMemoryBytes, log } = this.#options;
    if (mode === 'on-demand') return this.#useOnDemand('configured', 'on-demand mode configured');
    if (!source) return this.#useOnDemand('no-source', 'no CCT export configured (CCTS_LOCAL_PATH or CCTS_S3_BUCKET)');

    let opened: Awaited<ReturnType<CCTSource['open']>>;
    try {
      opened = await source.open();
    } catch (err) {
      const missing = (err as CCTsError).code === 'HEAPGATE_CCTS_SOURCE_MISSING';
      return this.#useOnDemand(missing ? 'source-missing' : 'source-unavailable', (err as Error).message);
    }

    // Read the first ~64 KiB to estimate the record count from the export's size.
    const chunks = opened.body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    try {
      while (headBytes < SAMPLE_BYTES) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        const chunk = toBuffer(next.value);
        head.push(chunk);
        headBytes += chunk.length;
      }
    } catch (err) {
      opened.body.destroy();
      return this.#useOnDemand('source-unavailable', `CCT export ${source.description} failed while reading: ${(err as Error).message}`);
    }
    const sample = Buffer.concat(head);
    const sizeBytes = ended ? sample.length : opened.sizeBytes;
    this.#estimatedRecords = sizeBytes === undefined ? null : (estimateRecordCount(sizeBytes, sample) ?? 0);
    this.#estimatedBytes = this.#estimatedRecords === null ? null : estimatePreloadBytes(this.#estimatedRecords);

    if (this.#estimatedBytes !== null && this.#estimatedBytes > maxMemoryBytes) {
      if (mode === 'auto') {
        await chunks.return?.();
        opened.body.destroy();
        return this.#useOnDemand(
          'memory-estimate',
          `pre-loading ~${this.#estimatedRecords} CCTs would take ~${this.#estimatedBytes} bytes, above the ${maxMemoryBytes}-byte limit`,
        );
      }
      log(`ccts: pre-loading forced although the estimate (${this.#estimatedBytes} bytes) is above the limit (${maxMemoryBytes} bytes)`);
    }

    async function* rest(): AsyncGenerator<Uint8Array> {
      try {
        if (sample.length > 0) yield sample;
        for (;;) {
          const next = await chunks.next();
          if (next.done) return;
          yield toBuffer(next.value);
        }
      } finally {
        await chunks.return?.();
      }
    }
    // Without a size, the estimate could not stop an oversized export: the loader stops it.
    const maxRecords =
      mode === 'auto' ? Math.max(0, Math.floor((maxMemoryBytes - PRELOAD_FIXED_BYTES) / PRELOAD_BYTES_PER_RECORD)) : Infinity;
    try {
      const { index, report } = await loadCCTIndexFromCsv(rest(), {
        maxRecords,
        ...(this.#estimatedRecords !== null ? { expectedRecords: Math.ceil(this.#estimatedRecords * 1.02) + 16 } : {}),
      });
      if (this.#closed) return;
      this.#index = index;
      this.#csv = report;
      this.#mode = 'preload';
      this.#reason = null;
      log(
        `ccts: pre-loaded ${index.size} CCTs from ${source.description} (${index.memoryBytes()} bytes; ` +
          `${report.malformedRows} malformed rows, ${report.duplicateClaves} duplicate claves)`,
      );
    } catch (err) {
      opened.body.destroy();
      const code = (err as CCTsError).code;
      const reason: CCTsOnDemandReason =
        code === 'HEAPGATE_CCTS_BAD_HEADER' ? 'bad-header' : code === 'HEAPGATE_CCTS_MEMORY_LIMIT' ? 'memory-limit' : 'source-unavailable';
      return this.#useOnDemand(reason, `CCT export ${source.description} not loaded: ${(err as Error).message}`);
    }
  }

  #useOnDemand(reason: CCTsOnDemandReason, detail: string): void {
    this.#mode = 'on-demand';
    this.#reason = reason;
    this.#onDemand = new OnDemandCCTLookup({
      api: this.#options.lookupApi ?? NO_LOOKUP_API,
      maxCachedClaves: this.#options.maxCachedClaves,
      maxNegativeClaves: this.#options.maxNegativeClaves,
    });
    this.#options.log(`ccts: on-demand mode (${reason}): ${detail}`);
  }

  /**
   * The id of the CCT with `clave`, or `null` when there is none. Rejects with a
   * {@link CCTsError}: `HEAPGATE_CCTS_INVALID_CLAVE` for a malformed clave,
   * `HEAPGATE_CCTS_LOOKUP_UNAVAILABLE` / `HEAPGATE_CCTS_LOOKUP_FAILED` when on-demand mode
   * needed the API and it did not answer.
   */
  async lookup(clave: string): Promise<number | null> {
    if (this.#mode === undefined) await this.initialize();
    if (this.#closed) throw new CCTsError('HEAPGATE_CCTS_CLOSED', 'CCTsManager is closed', { clave });
    let code: number;
    try {
      code = requireClaveCode(clave);
    } catch (err) {
      this.#rejected++;
      throw err;
    }
    this.#lookups++;
    const index = this.#index;
    if (index) {
      const id = index.getByCode(code);
      if (id >= 0) {
        this.#hits++;
        return id;
      }
      const added = this.#added.get(code);
      if (added !== undefined) {
        this.#hits++;
        return added;
      }
      this.#negativeHits++;
      return null;
    }
    return this.#onDemand!.lookup(clave, code);
  }

  /**
   * Records the id of a CCT created after the export was taken, so later lookups find it
   * (replacing a cached "no such CCT"). Used by `EntityManager.getOrCreateCCT`.
   */
  remember(clave: string, id: number): void {
    const code = requireClaveCode(clave);
    if (!Number.isInteger(id) || id < 0) throw new TypeError(`id must be a whole number ≥ 0, got ${String(id)}`);
    if (this.#index) this.#added.set(code, id);
    else this.#onDemand?.remember(code, id);
  }

  /** A snapshot of the statistics. */
  getStats(): CCTsStats {
    const od = this.#onDemand?.stats();
    const index = this.#index;
    const hits = this.#hits + (od?.hits ?? 0);
    const negativeHits = this.#negativeHits + (od?.negativeHits ?? 0);
    const memoryUsedBytes = index
      ? index.memoryBytes() + this.#added.size * 64
      : estimateOnDemandBytes((od?.cachedClaves ?? 0) + (od?.negativeCachedClaves ?? 0));
    return {
      mode: this.#mode ?? 'uninitialized',
      requestedMode: this.#options.mode,
      onDemandReason: this.#reason,
      source: this.#options.source?.description ?? null,
      lookups: this.#lookups,
      hits,
      negativeHits,
      misses: od?.misses ?? 0,
      inflightJoins: od?.inflightJoins ?? 0,
      apiCalls: od?.apiCalls ?? 0,
      apiErrors: od?.apiErrors ?? 0,
      rejectedClaves: this.#rejected,
      hitRate: this.#lookups === 0 ? 0 : (hits + negativeHits) / this.#lookups,
      recordsLoaded: index?.size ?? 0,
      loadTimeMs: this.#loadTimeMs,
      memoryUsedBytes,
      estimatedRecords: this.#estimatedRecords,
      estimatedBytes: this.#estimatedBytes,
      maxMemoryBytes: this.#options.maxMemoryBytes,
      csv: this.#csv,
      cachedClaves: od?.cachedClaves ?? 0,
      negativeCachedClaves: od?.negativeCachedClaves ?? 0,
    };
  }

  /** Drops the index and caches. Later lookups reject with `HEAPGATE_CCTS_CLOSED`. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#init?.catch(() => {});
    this.#index = undefined;
    this.#added.clear();
    this.#onDemand?.clear();
  }
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
