/**
 * One reading of this process's memory, with the heap measured against V8's hard limit.
 */
import v8 from 'node:v8';

/** A memory reading. Every size is in bytes; `heapPercent` is 0–100. */
export interface MemoryUsage {
  /** V8 heap in use (`process.memoryUsage().heapUsed`). */
  readonly heapUsed: number;
  /** V8 heap reserved so far (`heapTotal`); grows lazily, so it is *not* the denominator. */
  readonly heapTotal: number;
  /** The most the V8 heap may grow to before an out-of-memory crash (`heap_size_limit`). */
  readonly heapSizeLimit: number;
  /** `heapUsed / heapSizeLimit × 100`: how close the process is to crashing. */
  readonly heapPercent: number;
  /** Resident set size of the whole process. */
  readonly rss: number;
  /** Memory of C++ objects bound to JS objects (Buffers and the like). */
  readonly external: number;
}

/**
 * Reads {@link MemoryUsage} now.
 *
 * `heapPercent` divides by V8's `heap_size_limit`, not by `heapTotal` as a naive breaker would:
 * V8 reserves heap lazily, so `heapUsed / heapTotal` sits near 90% in a healthy idle process
 * and says nothing about how far away the out-of-memory crash is. The limit does.
 */
export function readMemoryUsage(): MemoryUsage {
  const m = process.memoryUsage();
  const heapSizeLimit = v8.getHeapStatistics().heap_size_limit;
  return {
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    heapSizeLimit,
    heapPercent: (m.heapUsed / heapSizeLimit) * 100,
    rss: m.rss,
    external: m.external,
  };
}
