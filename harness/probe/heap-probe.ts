/**
 * Measures one phase of a child process the way the README ("What a run measures") defines the metrics.
 *
 * Peak heap is gap-free: `v8.GCProfiler` (https://nodejs.org/api/v8.html#class-v8gcprofiler)
 * reports used heap right before every collection, and used heap only grows between
 * collections, so the peak is the largest `beforeGC` value or the value at the end. A timer sampler alone misses most peaks (a 10 ms sampler read 3.6 MB where
 * the true peak was 61 MB); here the sampler only feeds the timeline charts.
 *
 * The same profile splits the peak by generation: each statistic carries used bytes per heap
 * space before and after the collection. The old generation (every space but `new_space` and
 * `new_large_object_space`) also only grows between collections, but a scavenge moves
 * survivors into it, so its peak is the largest value before OR after any collection, or at
 * the end.
 */
import v8 from 'node:v8';
import { PerformanceObserver, constants as perfConstants, performance } from 'node:perf_hooks';
import { DEFAULTS } from '../config/defaults.js';
import type { GcEvent, Metrics, Timeline, TimelineSample } from '../results/results-document.js';
import { NumberRows } from './number-rows.js';

/** Options for {@link HeapProbe}. */
export interface HeapProbeOptions {
  /** Timeline sampling period in milliseconds; 0 disables the sampler. @default DEFAULTS.sampleIntervalMs (20) */
  readonly sampleIntervalMs?: number;
  /** At most this many timeline samples and GC events are kept (evenly thinned). @default DEFAULTS.maxTimelinePoints (2000) */
  readonly maxTimelinePoints?: number;
}

/** What {@link HeapProbe.finish} returns; `durationMs` and `cpuMs` are measured by the caller. */
export type ProbeMetrics = Omit<Metrics, 'durationMs' | 'cpuMs' | 'peakRssBytes'>;

interface HeapSpaceStat {
  spaceName: string;
  spaceUsedSize: number;
}

interface GcStat {
  gcType: string;
  beforeGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics: HeapSpaceStat[] };
  afterGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics: HeapSpaceStat[] };
}

// V8's young generation: the semi-space nursery and the large objects allocated young.
// Everything else (old, code, large-object, read-only… spaces) is the old generation.
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

/** Used bytes of the young generation and of everything else. */
interface GenerationBytes {
  young: number;
  old: number;
}

function generations(spaces: readonly HeapSpaceStat[]): GenerationBytes {
  let young = 0;
  let old = 0;
  for (const s of spaces) {
    if (YOUNG_SPACES.has(s.spaceName)) young += s.spaceUsedSize;
    else old += s.spaceUsedSize;
  }
  return { young, old };
}

const generationsNow = (): GenerationBytes =>
  generations(v8.getHeapSpaceStatistics().map((s) => ({ spaceName: s.space_name, spaceUsedSize: s.space_used_size })));

// GC kinds after which used heap counts only live objects. After a scavenge, used heap still
// includes every dead object in the old generation, so it would overstate what is alive.
const FULL_GC_TYPES = new Set(['MarkSweepCompact', 'All']);

const usedHeap = () => v8.getHeapStatistics().used_heap_size;

/**
 * Forces full collections. Twice, because the first can leave objects whose finalizers or
 * weak callbacks only release memory on the next one.
 */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('heapgate probes need node --expose-gc');
  gc();
  gc();
}

/**
 * Used heap outside code space once the heap has settled, in bytes: the reading between the
 * iterations of a leak fit. Settled: a forced GC, one turn of the event loop, and another; the
 * turn lets finished background work land (a concurrent compile job's code object is otherwise
 * counted at one reading and gone at the next: a measured 226 KB spike in one iteration of a
 * loop that leaks nothing) and GC entries be delivered. Outside code space: V8 compiles baseline
 * (Sparkplug) code in batches whenever a function's budget runs out, 5–8 KB at a time at
 * unpredictable iterations (10, 11, 22 and 36 of 40 in one measured run), which would read as
 * ~500 B per iteration; code that really leaks (a `new Function` per call) still shows through
 * its bytecode, scripts and closures, which live outside code space.
 */
export async function settledHeapOutsideCode(): Promise<number> {
  forceGc();
  await new Promise((resolve) => setImmediate(resolve));
  forceGc();
  let code = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (space.space_name === 'code_space') code = space.space_used_size;
  return usedHeap() - code;
}

/** One measured phase: `begin()` after setup, `finish()` right after the work. */
export class HeapProbe {
  readonly #sampleIntervalMs: number;
  readonly #maxPoints: number;
  #profiler: v8.GCProfiler | undefined;
  #observer: PerformanceObserver | undefined;
  #timer: NodeJS.Timeout | undefined;
  #baseline = 0;
  #baselineOld = 0;
  #t0 = 0;
  #samplePeak = 0;
  // Off the measured heap (see NumberRows): allocated with the probe, before the baseline.
  /** tMs, heapUsedBytes, rssBytes. */
  readonly #samples = new NumberRows(3);
  /** tMs, perf_hooks GC kind (NaN when absent), durationMs. */
  readonly #gcEntries = new NumberRows(3);

  constructor(options: HeapProbeOptions = {}) {
    const interval = options.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs;
    if (!Number.isFinite(interval) || interval < 0) throw new TypeError('sampleIntervalMs must be a non-negative number of milliseconds');
    this.#sampleIntervalMs = interval;
    this.#maxPoints = options.maxTimelinePoints ?? DEFAULTS.maxTimelinePoints;
  }

  /** Forces GC, records the baseline, starts the GC profiler and the timeline sampler. */
  begin(): void {
    forceGc();
    this.#baselineOld = generationsNow().old;
    this.#baseline = usedHeap();
    this.#t0 = performance.now();
    this.#observer = new PerformanceObserver((list) => this.#recordGcEntries(list.getEntries()));
    this.#observer.observe({ entryTypes: ['gc'] });
    this.#profiler = new v8.GCProfiler();
    this.#profiler.start();
    if (this.#sampleIntervalMs > 0) {
      this.#timer = setInterval(() => this.#sample(), this.#sampleIntervalMs);
    }
  }

  /** Used heap at the baseline, in bytes. */
  get baselineBytes(): number {
    return this.#baseline;
  }

  /**
   * Ends the phase: reads used heap at the end, runs the closing forced GC, and returns the
   * metrics (relative to the baseline) plus the timeline.
   */
  async finish(): Promise<{ metrics: ProbeMetrics; timeline: Timeline }> {
    if (this.#timer) clearInterval(this.#timer);
    const atEnd = usedHeap();
    const generationsAtEnd = generationsNow();
    this.#sample(atEnd);
    forceGc();
    const retained = usedHeap();
    const profile = this.#profiler!.stop() as unknown as { statistics: GcStat[] };
    // Node delivers 'gc' performance entries from the event loop, not synchronously: after a
    // run that never yielded, they are still queued; takeRecords() collects what is left
    // (https://nodejs.org/api/perf_hooks.html#performanceobservertakerecords). The measured
    // values are already taken.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.#recordGcEntries(this.#observer!.takeRecords());
    this.#observer!.disconnect();

    let peak = Math.max(atEnd, this.#samplePeak);
    let live = retained;
    let oldPeak = generationsAtEnd.old;
    let youngPeak = generationsAtEnd.young;
    for (const s of profile.statistics) {
      peak = Math.max(peak, s.beforeGC.heapStatistics.usedHeapSize);
      if (FULL_GC_TYPES.has(s.gcType)) live = Math.max(live, s.afterGC.heapStatistics.usedHeapSize);
      const before = generations(s.beforeGC.heapSpaceStatistics);
      const after = generations(s.afterGC.heapSpaceStatistics);
      oldPeak = Math.max(oldPeak, before.old, after.old);
      youngPeak = Math.max(youngPeak, before.young, after.young);
    }
    return {
      metrics: {
        heapDeltaBytes: peak - this.#baseline,
        liveHeapDeltaBytes: live - this.#baseline,
        retainedHeapBytes: retained - this.#baseline,
        oldGenPeakDeltaBytes: oldPeak - this.#baselineOld,
        youngGenPeakBytes: youngPeak,
      },
      timeline: {
        baselineHeapBytes: this.#baseline,
        samples: thin(
          this.#samples.map((get): TimelineSample => ({ tMs: get(0), heapUsedBytes: get(1), rssBytes: get(2) })),
          this.#maxPoints,
        ),
        gcEvents: thin(this.#pairGcEvents(profile.statistics), this.#maxPoints),
      },
    };
  }

  #sample(heap = usedHeap()): void {
    if (heap > this.#samplePeak) this.#samplePeak = heap;
    this.#samples.push(performance.now() - this.#t0, heap, process.memoryUsage.rss());
  }

  #recordGcEntries(entries: readonly PerformanceEntry[]): void {
    for (const e of entries) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      this.#gcEntries.push(e.startTime - this.#t0, kind ?? Number.NaN, e.duration);
    }
  }

  /**
   * GCProfiler has sizes but no times (each statistic carries only its `cost`); the performance
   * observer has times but no sizes. Both list the same collections in order, so they are zipped
   * when the counts agree.
   */
  #pairGcEvents(stats: GcStat[]): GcEvent[] {
    const entries = this.#gcEntries
      .map((get) => ({ tMs: get(0), kind: gcKind(Number.isNaN(get(1)) ? undefined : get(1)), durationMs: get(2) }))
      .filter((e) => e.tMs >= 0);
    if (entries.length !== stats.length) return entries;
    return entries.map((e, i) => ({
      ...e,
      beforeBytes: stats[i]!.beforeGC.heapStatistics.usedHeapSize,
      afterBytes: stats[i]!.afterGC.heapStatistics.usedHeapSize,
    }));
  }
}

function gcKind(kind: number | undefined): GcEvent['kind'] {
  switch (kind) {
    case perfConstants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor';
    case perfConstants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major';
    case perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case perfConstants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weakcb';
    default:
      return 'unknown';
  }
}

/** Keeps at most `max` items, evenly spaced, always including the last. */
function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(items[Math.floor(i * step)]!);
  out.push(items[items.length - 1]!);
  return out;
}
