/**
 * Counts the garbage collections of a window (a service probe's mark → read) without keeping
 * anything per collection, so a long load test costs the service no memory for it.
 */
import { PerformanceObserver, constants as perfConstants, performance } from 'node:perf_hooks';

/** What {@link GcCounter.stop} counted. */
export interface GcCounts {
  /** Scavenges and full collections that started inside the window. */
  readonly gcCount: number;
  /** Of those, full (mark-compact) collections. */
  readonly fullGcCount: number;
}

/**
 * Node delivers `gc` performance entries from the event loop, some time after each collection
 * (https://nodejs.org/api/perf_hooks.html#performanceobservertakerecords), so a window is
 * defined by the entries' start times, not by when they arrive: entries of the collections
 * that set the baseline may arrive after {@link GcCounter.start}, and entries of the closing
 * forced collections before {@link GcCounter.stop}; both fall outside `[start, end)`.
 * Incremental-marking steps and weak-callback phases are parts of a collection, not collections,
 * and are not counted.
 */
export class GcCounter {
  #observer: PerformanceObserver | undefined;
  #startMs = 0;
  #endMs = Number.POSITIVE_INFINITY;
  #gcCount = 0;
  #fullGcCount = 0;

  /**
   * Starts counting collections that begin from now on.
   * @param onGc Called (without arguments) for every counted collection, as its entry arrives.
   */
  start(onGc?: () => void): void {
    this.#startMs = performance.now();
    this.#endMs = Number.POSITIVE_INFINITY;
    this.#gcCount = 0;
    this.#fullGcCount = 0;
    this.#observer = new PerformanceObserver((list) => {
      if (this.#count(list.getEntries())) onGc?.();
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Collections that start from now on no longer count; entries still queued for earlier ones do. */
  end(): void {
    this.#endMs = performance.now();
  }

  /** Collects the entries still queued, stops observing and returns the counts. */
  stop(): GcCounts {
    if (this.#endMs === Number.POSITIVE_INFINITY) this.end();
    if (this.#observer) {
      this.#count(this.#observer.takeRecords());
      this.#observer.disconnect();
      this.#observer = undefined;
    }
    return { gcCount: this.#gcCount, fullGcCount: this.#fullGcCount };
  }

  /** @returns whether any entry counted */
  #count(entries: readonly PerformanceEntry[]): boolean {
    let counted = false;
    for (const e of entries) {
      if (e.startTime < this.#startMs || e.startTime >= this.#endMs) continue;
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) this.#fullGcCount++;
      else if (kind !== perfConstants.NODE_PERFORMANCE_GC_MINOR) continue;
      this.#gcCount++;
      counted = true;
    }
    return counted;
  }
}
