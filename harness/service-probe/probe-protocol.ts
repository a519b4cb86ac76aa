/**
 * What a service's heap probe (`heapgate/probe`) and its readers exchange over HTTP: the routes
 * under the prefix (`/__heapgate` by default) and the JSON bodies. The README section "Measuring
 * a service elsewhere" documents the same shapes for people who read the probe with curl.
 */
import type { Metrics } from '../results/results-document.js';

/** The probe's routes, relative to its path prefix. `mark` and `read` are POST, `status` is GET. */
export const PROBE_ROUTES = Object.freeze({ mark: '/mark', read: '/read', status: '/status' } as const);

/**
 * How the probe forces garbage collections: `exposed` when the service runs with `--expose-gc`,
 * `v8-flag` when the probe obtained `gc` by setting the flag at run time (see `obtainGc`).
 */
export type ForcedGcSource = 'exposed' | 'v8-flag';

/**
 * How `peakRssBytes` was found: `kernel-high-water` when the process's lifetime peak RSS
 * (`getrusage` `ru_maxrss`) rose between mark and read, so the new peak lies inside the window
 * and is exact; `sampled` otherwise: the largest of the RSS samples taken during the window.
 */
export type PeakRssMethod = 'kernel-high-water' | 'sampled';

/** `POST <prefix>/mark` → 200: a measurement started; everything is relative to this moment. */
export interface MarkResponse {
  /** Names this measurement; pass it to `read` so that you read your own mark. */
  readonly markId: string;
  /** True when this mark replaced one that had not been read (that one is discarded). */
  readonly restarted: boolean;
  /** Used V8 heap after the baseline forced GC, in bytes. */
  readonly baselineHeapBytes: number;
  readonly forcedGc: ForcedGcSource;
}

/** `POST <prefix>/read[?markId=ID]` → 200: what happened in the service between its mark and this read. */
export interface ProbeReading {
  readonly markId: string;
  /**
   * The run metrics, named and defined as in a heapgate run, relative to the mark's baseline:
   * `heapDeltaBytes` (gap-free peak), `liveHeapDeltaBytes`, `retainedHeapBytes` (after the
   * read's closing forced GC), `peakRssBytes` (whole process, not a delta), `durationMs`
   * (mark to read) and `cpuMs` (the service process's CPU time from mark to read, every
   * request it served in the window included).
   */
  readonly metrics: Metrics;
  /** Collections V8 ran between mark and read (scavenges and full GCs; the probe's own forced ones excluded). */
  readonly gcCount: number;
  /** Of those, full (mark-compact) collections. */
  readonly fullGcCount: number;
  readonly peakRssMethod: PeakRssMethod;
  /** Used V8 heap at the mark's baseline, in bytes. */
  readonly baselineHeapBytes: number;
  readonly forcedGc: ForcedGcSource;
}

/** `GET <prefix>/status` → 200: cheap, no GC; whether a measurement is running. */
export interface ProbeStatus {
  readonly marked: boolean;
  readonly markId: string | null;
  /** Milliseconds since the mark; null when not marked. */
  readonly elapsedMs: number | null;
}

/**
 * Why the probe refused a request. `not-marked`, `mark-superseded` and `mark-expired` are
 * 409; `gc-unavailable` 503; `unauthorized` 401; `forbidden` 403; `method-not-allowed` 405;
 * `not-found` 404; `internal` 500 (the measurement itself failed).
 */
export type ProbeErrorReason =
  | 'not-marked'
  | 'mark-superseded'
  | 'mark-expired'
  | 'gc-unavailable'
  | 'unauthorized'
  | 'forbidden'
  | 'method-not-allowed'
  | 'not-found'
  | 'internal';

/** The body of every non-200 answer. */
export interface ProbeErrorBody {
  readonly error: ProbeErrorReason;
  readonly message: string;
}
