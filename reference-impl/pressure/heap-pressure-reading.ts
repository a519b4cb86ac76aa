/**
 * One heap reading for the memory-pressure handler: used bytes against the heap size limit.
 */
import v8 from 'node:v8';

/** A reading. Both sizes in bytes. */
export interface HeapPressureReading {
  /** V8 heap in use now (`used_heap_size`, the same figure as `process.memoryUsage().heapUsed`). */
  readonly usedBytes: number;
  /** The most the V8 heap may hold before the process aborts out of memory (`heap_size_limit`). */
  readonly limitBytes: number;
}

/**
 * Reads {@link HeapPressureReading} from `v8.getHeapStatistics()`: one native call that fills a
 * preallocated buffer and returns one small object, cheap enough to run after every garbage
 * collection (a few microseconds).
 *
 * The denominator is `heap_size_limit`, not `heapTotal` as seeds 003 and 004 divide by:
 * `heapTotal` is what V8 has reserved so far and grows just ahead of `heapUsed`, so
 * `heapUsed / heapTotal` sits near 100 % in a healthy process and says nothing about how close
 * the process is to an out-of-memory abort. The limit (set by `--max-old-space-size` or derived
 * from system memory) is where that abort happens.
 */
export function readHeapPressure(): HeapPressureReading {
  const h = v8.getHeapStatistics();
  return { usedBytes: h.used_heap_size, limitBytes: h.heap_size_limit };
}
