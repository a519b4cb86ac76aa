/**
 * Memory circuit breaker (seed 001 §1): refuses work while the V8 heap is above a share of its
 * limit, so a job fails with a catchable error instead of the whole process dying of OOM.
 */
import { MemoryCircuitBreakerError } from './memory-circuit-breaker-error.js';
import { consoleMemoryLogger, type MemoryLogger } from './memory-logger.js';
import { readMemoryUsage, type MemoryUsage } from './memory-usage.js';

/** Options of {@link MemoryCircuitBreaker}. All optional. */
export interface MemoryCircuitBreakerOptions {
  /**
   * Threshold in percent (0 < x ≤ 100) of V8's heap size limit (`heap_size_limit`, not
   * `heapTotal`; see {@link readMemoryUsage}). Checks throw while `heapPercent` is above it.
   * @default 80
   */
  readonly maxHeapPercent?: number;
  /**
   * Minimum time between two real readings, in milliseconds. A check within this interval
   * reuses the last reading (and throws again if that one was over), so calling
   * {@link MemoryCircuitBreaker.checkMemory} once per batch stays cheap. `0` reads every call.
   * @default 1000
   */
  readonly checkIntervalMs?: number;
  /**
   * Report each trip (with the reading) to `logger`.
   * @default true
   */
  readonly enableLogging?: boolean;
  /** Receives trip reports when `enableLogging` is on. @default console.warn */
  readonly logger?: MemoryLogger;
  /** Clock in milliseconds, for tests. @default performance.now */
  readonly now?: () => number;
  /** Memory reader, for tests. @default readMemoryUsage */
  readonly readMemoryUsage?: () => MemoryUsage;
}

interface ResolvedOptions {
  readonly maxHeapPercent: number;
  readonly checkIntervalMs: number;
  readonly enableLogging: boolean;
  readonly logger: MemoryLogger;
  readonly now: () => number;
  readonly readMemoryUsage: () => MemoryUsage;
}

function resolveOptions(options: MemoryCircuitBreakerOptions): ResolvedOptions {
  const maxHeapPercent = options.maxHeapPercent ?? 80;
  if (typeof maxHeapPercent !== 'number' || !(maxHeapPercent > 0 && maxHeapPercent <= 100)) {
    throw new TypeError(`maxHeapPercent must be a percentage in (0, 100], got ${String(maxHeapPercent)}`);
  }
  const checkIntervalMs = options.checkIntervalMs ?? 1000;
  if (typeof checkIntervalMs !== 'number' || !Number.isFinite(checkIntervalMs) || checkIntervalMs < 0) {
    throw new TypeError(`checkIntervalMs must be a number of milliseconds ≥ 0, got ${String(checkIntervalMs)}`);
  }
  const enableLogging = options.enableLogging ?? true;
  if (typeof enableLogging !== 'boolean') throw new TypeError('enableLogging must be a boolean');
  for (const fn of ['logger', 'now', 'readMemoryUsage'] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== 'function') throw new TypeError(`${fn} must be a function`);
  }
  return Object.freeze({
    maxHeapPercent,
    checkIntervalMs,
    enableLogging,
    logger: options.logger ?? consoleMemoryLogger,
    now: options.now ?? (() => performance.now()),
    readMemoryUsage: options.readMemoryUsage ?? readMemoryUsage,
  });
}

/**
 * Throws {@link MemoryCircuitBreakerError} before (and after) work when the heap is too full.
 *
 * @example
 * const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 80 });
 * for await (const batch of stream) {
 *   await breaker.checkMemory(); // cheap: one real reading per checkIntervalMs
 *   handle(batch);
 * }
 */
export class MemoryCircuitBreaker {
  readonly #options: ResolvedOptions;
  #last: MemoryUsage | undefined;
  #lastReadAt = 0;

  constructor(options: MemoryCircuitBreakerOptions = {}) {
    this.#options = resolveOptions(options);
  }

  /** The resolved threshold, in percent of the heap size limit. */
  get maxHeapPercent(): number {
    return this.#options.maxHeapPercent;
  }

  /**
   * Resolves when the heap is at or below the threshold; rejects with
   * {@link MemoryCircuitBreakerError} (carrying the reading) when it is above.
   */
  async checkMemory(): Promise<void> {
    this.checkMemorySync();
  }

  /** {@link checkMemory} without the promise, for synchronous loops. */
  checkMemorySync(): void {
    this.#check(false);
  }

  /** Reads (or reuses a reading younger than `checkIntervalMs`, unless `fresh`) and trips. */
  #check(fresh: boolean): void {
    const o = this.#options;
    const now = o.now();
    if (fresh || this.#last === undefined || o.checkIntervalMs === 0 || now - this.#lastReadAt >= o.checkIntervalMs) {
      this.#last = o.readMemoryUsage();
      this.#lastReadAt = now;
    }
    const usage = this.#last;
    if (usage.heapPercent > o.maxHeapPercent) {
      if (o.enableLogging) {
        o.logger('[memory] circuit breaker open', {
          heapUsed: usage.heapUsed,
          heapTotal: usage.heapTotal,
          heapSizeLimit: usage.heapSizeLimit,
          heapPercent: usage.heapPercent,
          rss: usage.rss,
          external: usage.external,
          maxHeapPercent: o.maxHeapPercent,
        });
      }
      throw new MemoryCircuitBreakerError(usage, o.maxHeapPercent);
    }
  }

  /**
   * Runs `operation` between two checks: refuses to start it when the heap is already over the
   * threshold, and rejects afterwards if it left the heap over (the result is then discarded,
   * as seed 001 §1 specifies: an operation that fills the heap is treated as failed).
   */
  async execute<T>(operation: () => Promise<T> | T): Promise<T> {
    this.#check(false);
    const result = await operation();
    // Always a fresh reading: the one from before the operation says nothing about what it did.
    this.#check(true);
    return result;
  }

  /** A fresh reading (ignores `checkIntervalMs`, does not trip). */
  getMemoryUsage(): MemoryUsage {
    return this.#options.readMemoryUsage();
  }
}
