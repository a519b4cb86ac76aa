/**
 * Measures what cache entries really cost on the V8 heap, to judge entry sizers: build `count`
 * samples of a kind, force GC before and after, and divide the used-heap delta by `count`.
 * Runs in a fresh `node --expose-gc` child so nothing else allocates in between.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { ENTRY_SAMPLE_KINDS, entrySample, type EntrySampleKind } from './entry-samples.js';
import { estimateHeapBytes, jsonLengthBytes } from './size-estimator.js';

/** Heap per entry against the two sizers, for one sample kind. */
export interface EntryHeapMeasurement {
  readonly kind: EntrySampleKind;
  readonly entries: number;
  /** Used-heap delta after forced GC, divided by `entries`. */
  readonly heapBytesPerEntry: number;
  /** Mean of {@link estimateHeapBytes}. */
  readonly estimateBytesPerEntry: number;
  /** Mean of `JSON.stringify(value).length` (the seed's sizer). */
  readonly jsonBytesPerEntry: number;
  /** (estimate − heap) / heap. */
  readonly estimateError: number;
  /** (json − heap) / heap. */
  readonly jsonError: number;
}

/** Options of {@link measureEntryHeap}. */
export interface MeasureEntryHeapOptions {
  /** Sample kinds to measure. @default every kind */
  readonly kinds?: readonly EntrySampleKind[];
  /** Entries per kind; more entries average out allocation granularity. @default 20000 */
  readonly count?: number;
  /**
   * The compiled child script. @default `entry-heap-child.js` beside this module (when this
   * module runs from TypeScript sources, e.g. under vitest, pass the `dist/` path)
   */
  readonly childScript?: string;
}

/** Spawns a `node --expose-gc` child and measures every requested kind in it. */
export function measureEntryHeap(options: MeasureEntryHeapOptions = {}): Promise<EntryHeapMeasurement[]> {
  const kinds = options.kinds ?? ENTRY_SAMPLE_KINDS;
  const count = options.count ?? 20_000;
  if (!Number.isInteger(count) || count <= 0) throw new TypeError(`count must be a positive integer, got ${count}`);
  const child = options.childScript ?? fileURLToPath(new URL('./entry-heap-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', child, String(count), ...kinds], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`entry heap child failed: ${err.message}\n${stderr}`, { cause: err }));
      else resolve(JSON.parse(stdout) as EntryHeapMeasurement[]);
    });
  });
}

/** The measurement itself; needs `--expose-gc` and a quiet process (see {@link measureEntryHeap}). */
export function measureEntryHeapInProcess(kinds: readonly EntrySampleKind[], count: number): EntryHeapMeasurement[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('measureEntryHeapInProcess needs node --expose-gc');
  const used = () => v8.getHeapStatistics().used_heap_size;
  const out: EntryHeapMeasurement[] = [];
  for (const kind of kinds) {
    // Allocated before the baseline, so only the entries themselves are in the delta.
    let keep: unknown[] | undefined = new Array<unknown>(count).fill(null);
    gc();
    gc();
    const before = used();
    for (let i = 0; i < count; i++) keep[i] = entrySample(kind, i);
    gc();
    gc();
    const heap = (used() - before) / count;
    let estimate = 0;
    let json = 0;
    for (const v of keep) {
      estimate += estimateHeapBytes(v);
      json += jsonLengthBytes(v);
    }
    keep = undefined;
    estimate /= count;
    json /= count;
    out.push({
      kind,
      entries: count,
      heapBytesPerEntry: Math.round(heap),
      estimateBytesPerEntry: Math.round(estimate),
      jsonBytesPerEntry: Math.round(json),
      estimateError: (estimate - heap) / heap,
      jsonError: (json - heap) / heap,
    });
  }
  return out;
}
