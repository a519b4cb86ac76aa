/**
 * The measurement behind a service's heap probe, without HTTP: `mark()` starts a window in the
 * service's own process, `read()` ends it and returns the run metrics for that window.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEFAULTS } from '../config/defaults.js';
import { HeapProbe } from '../probe/heap-probe.js';
import { GcCounter } from './gc-counter.js';
import { type ObtainedGc, obtainGc } from './obtain-gc.js';
import { PeakRssSampler } from './peak-rss-sampler.js';
import { positiveMs } from './probe-options.js';
import { ProbeStateError } from './probe-state-error.js';
import type { MarkResponse, ProbeReading, ProbeStatus } from './probe-protocol.js';

/** Options for {@link ServiceHeapProbe}. */
export interface ServiceHeapProbeOptions {
  /** RSS sampling period between mark and read, in milliseconds. @default DEFAULTS.probeRssSampleIntervalMs (10) */
  readonly rssSampleIntervalMs?: number;
  /**
   * A mark not read within this many milliseconds is ended and discarded (its read answers
   * `mark-expired`), so a forgotten mark does not keep profiling the service forever.
   * @default DEFAULTS.probeMaxMarkMs (1,800,000: 30 min)
   */
  readonly maxMarkMs?: number;
  /**
   * Without `--expose-gc`, obtain `gc` by setting the V8 flag at run time (see `obtainGc`).
   * When false and the service runs without `--expose-gc`, marks answer `gc-unavailable`.
   * @default true
   */
  readonly obtainGc?: boolean;
}

interface Session {
  readonly markId: string;
  readonly heap: HeapProbe;
  readonly rss: PeakRssSampler;
  readonly gcs: GcCounter;
  readonly gc: ObtainedGc;
  readonly startMs: number;
  /** `process.cpuUsage()` at the mark. */
  readonly startCpu: NodeJS.CpuUsage;
  readonly expiry: NodeJS.Timeout;
}

/** How an ended mark ended, kept so a late or repeated read gets a precise answer. */
type Outcome =
  | { readonly kind: 'read'; readonly reading: ProbeReading }
  | { readonly kind: 'superseded'; readonly by: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'closed' };

/** Ended marks remembered for repeated reads (a retry after a lost response gets the same reading). */
const REMEMBERED_MARKS = 16;

/**
 * One measurement window at a time, in the process that imports it.
 *
 * - `mark()` forces a full GC, takes the baseline and starts `HeapProbe` (gap-free peak from
 *   `v8.GCProfiler`), an RSS sampler and a GC counter. A mark while another is running
 *   replaces it: the old one is ended and discarded, and reading it answers `mark-superseded`.
 * - `read(markId?)` ends the window, runs the closing forced GC and returns the metrics. A read
 *   with no running mark answers `not-marked`; reading an ended mark again returns the same
 *   reading, so a retried read is safe.
 * - Operations run one at a time, in the order they arrive; concurrent reads of the same mark
 *   all get its one reading.
 *
 * Marks and reads pause the service for their forced collections (two full GCs each).
 */
export class ServiceHeapProbe {
  readonly #rssSampleIntervalMs: number;
  readonly #maxMarkMs: number;
  readonly #allowFlagChange: boolean;
  #gc: ObtainedGc | undefined;
  #session: Session | undefined;
  readonly #ended = new Map<string, Outcome>();
  #lastEnded: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** @throws TypeError naming the option when an option is malformed */
  constructor(options: ServiceHeapProbeOptions = {}) {
    this.#rssSampleIntervalMs = positiveMs(options.rssSampleIntervalMs ?? DEFAULTS.probeRssSampleIntervalMs, 'rssSampleIntervalMs');
    this.#maxMarkMs = positiveMs(options.maxMarkMs ?? DEFAULTS.probeMaxMarkMs, 'maxMarkMs');
    if (options.obtainGc !== undefined && typeof options.obtainGc !== 'boolean') throw new TypeError('obtainGc must be a boolean');
    this.#allowFlagChange = options.obtainGc ?? true;
  }

  /** Starts a window (replacing a running one). @throws ProbeStateError `gc-unavailable` */
  mark(): Promise<MarkResponse> {
    return this.#serially(async () => {
      this.#gc ??= obtainGc(this.#allowFlagChange);
      const gc = this.#gc;
      if (!gc) {
        throw new ProbeStateError(
          'gc-unavailable',
          'the probe needs forced garbage collection: start the service with node --expose-gc (or leave obtainGc on)',
        );
      }
      const previous = this.#session;
      const markId = randomUUID();
      if (previous) await this.#end(previous, { kind: 'superseded', by: markId });
      const heap = new HeapProbe({ sampleIntervalMs: 0 });
      withGc(gc, () => heap.begin());
      const rss = new PeakRssSampler(this.#rssSampleIntervalMs);
      const gcs = new GcCounter();
      const startMs = performance.now();
      const startCpu = process.cpuUsage();
      rss.start();
      gcs.start(() => rss.sample());
      const expiry = setTimeout(() => void this.#serially(() => this.#expire(markId)), this.#maxMarkMs);
      expiry.unref();
      this.#session = { markId, heap, rss, gcs, gc, startMs, startCpu, expiry };
      return { markId, restarted: previous !== undefined, baselineHeapBytes: heap.baselineBytes, forcedGc: gc.source };
    });
  }

  /**
   * Ends the running window and returns its metrics; with `markId`, only if that is the
   * running mark (or returns that mark's earlier reading).
   * @throws ProbeStateError `not-marked`, `mark-superseded` or `mark-expired`
   */
  read(markId?: string): Promise<ProbeReading> {
    return this.#serially(async () => {
      const session = this.#session;
      if (session && (markId === undefined || markId === session.markId)) return this.#end(session, undefined);
      const id = markId ?? this.#lastEnded;
      const outcome = id === undefined ? undefined : this.#ended.get(id);
      // A repeated read of a mark that was read already: the same reading (a retry is safe).
      if (markId !== undefined && outcome?.kind === 'read') return outcome.reading;
      throw this.#refusal(id, outcome, markId !== undefined);
    });
  }

  /** Whether a window is running; cheap, no GC. */
  status(): ProbeStatus {
    const s = this.#session;
    return { marked: s !== undefined, markId: s?.markId ?? null, elapsedMs: s ? performance.now() - s.startMs : null };
  }

  /** Ends a running window without a reading (its profiler, sampler and timers stop). */
  close(): Promise<void> {
    return this.#serially(async () => {
      if (this.#session) await this.#end(this.#session, { kind: 'closed' });
    });
  }

  async #expire(markId: string): Promise<void> {
    if (this.#session?.markId === markId) await this.#end(this.#session, { kind: 'expired' });
  }

  /** Ends `session`; records `outcome`, or the reading when `outcome` is undefined. */
  async #end(session: Session, outcome: Outcome | undefined): Promise<ProbeReading> {
    this.#session = undefined;
    clearTimeout(session.expiry);
    const endMs = performance.now();
    const cpu = process.cpuUsage(session.startCpu);
    session.gcs.end();
    const rss = session.rss.stop();
    const { metrics } = await withGcAsync(session.gc, () => session.heap.finish());
    const { gcCount, fullGcCount } = session.gcs.stop();
    const reading: ProbeReading = {
      markId: session.markId,
      metrics: { ...metrics, peakRssBytes: rss.peakRssBytes, durationMs: endMs - session.startMs, cpuMs: (cpu.user + cpu.system) / 1000 },
      gcCount,
      fullGcCount,
      peakRssMethod: rss.method,
      baselineHeapBytes: session.heap.baselineBytes,
      forcedGc: session.gc.source,
    };
    this.#remember(session.markId, outcome ?? { kind: 'read', reading });
    return reading;
  }

  #remember(markId: string, outcome: Outcome): void {
    this.#ended.set(markId, outcome);
    this.#lastEnded = markId;
    if (this.#ended.size > REMEMBERED_MARKS) this.#ended.delete(this.#ended.keys().next().value!);
  }

  /** Why reading mark `id` (given by the reader when `named`, else the last ended one) is refused. */
  #refusal(id: string | undefined, outcome: Outcome | undefined, named: boolean): ProbeStateError {
    switch (outcome?.kind) {
      case 'superseded':
        return new ProbeStateError(
          'mark-superseded',
          `mark ${id} was replaced by a later mark (${outcome.by}); mark again and repeat the load`,
        );
      case 'expired':
        return new ProbeStateError('mark-expired', `mark ${id} was not read within ${this.#maxMarkMs} ms and was discarded; mark again`);
      case 'closed':
        return new ProbeStateError('mark-expired', `mark ${id} was ended without a reading when the probe closed; mark again`);
      case 'read':
        return new ProbeStateError('not-marked', `no measurement in progress: mark ${id} was already read; mark before reading`);
      default:
        return named
          ? new ProbeStateError(
              'not-marked',
              `no mark ${id} here (the service restarted, or the mark is too old to remember); mark before reading`,
            )
          : new ProbeStateError('not-marked', 'no measurement in progress: mark before reading');
    }
  }

  #serially<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op);
    this.#queue = result.catch(() => {});
    return result;
  }
}

/**
 * `HeapProbe` forces collections through `globalThis.gc`. When `gc` was obtained rather than
 * exposed, it is installed there only while the probe runs (non-enumerable) and removed after,
 * so the service's global scope looks as it was started.
 */
function withGc<T>(gc: ObtainedGc, fn: () => T): T {
  if (gc.source === 'exposed') return fn();
  const remove = install(gc.gc);
  try {
    return fn();
  } finally {
    remove();
  }
}

async function withGcAsync<T>(gc: ObtainedGc, fn: () => Promise<T>): Promise<T> {
  if (gc.source === 'exposed') return fn();
  const remove = install(gc.gc);
  try {
    return await fn();
  } finally {
    remove();
  }
}

function install(gc: () => void): () => void {
  Object.defineProperty(globalThis, 'gc', { value: gc, configurable: true, writable: true, enumerable: false });
  return () => {
    if ((globalThis as { gc?: unknown }).gc === gc) delete (globalThis as { gc?: unknown }).gc;
  };
}
