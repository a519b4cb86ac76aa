/**
 * Memory monitor (seed 001 §2): samples the heap on an interval, keeps a bounded window of
 * samples, detects steady growth (a leak) and logs per-operation memory deltas.
 */
import { consoleMemoryLogger, type MemoryLogger } from './memory-logger.js';

/** One sample. Sizes in bytes; `timestamp` in milliseconds from the monitor's clock. */
export interface MemorySample {
  readonly timestamp: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly rss: number;
}

/** The outcome of {@link MemoryMonitor.detectLeak}: first vs last sample of the window. */
export interface LeakDetectionResult {
  /** True when `lastSample.heapUsed / firstSample.heapUsed ≥ growthThreshold`. */
  readonly detected: boolean;
  /** Growth of `heapUsed` over the window, in percent (50 = grew by half). */
  readonly growthPercent: number;
  readonly firstSample: MemorySample;
  readonly lastSample: MemorySample;
  readonly recommendation: string;
}

/** The memory figures the monitor reads (a subset of `process.memoryUsage()`). */
export type MemoryReading = Pick<NodeJS.MemoryUsage, 'heapUsed' | 'heapTotal' | 'rss' | 'external'>;

/** Options of {@link MemoryMonitor}. All optional. */
export interface MemoryMonitorOptions {
  /**
   * Time between two samples once {@link MemoryMonitor.start} is called, in milliseconds.
   * @default 60000 (one minute)
   */
  readonly sampleIntervalMs?: number;
  /**
   * Samples kept; the oldest is dropped beyond this. With the default interval, one hour.
   * Leak detection compares the first and last sample of this window.
   * @default 60
   */
  readonly maxSamples?: number;
  /**
   * Growth factor of `heapUsed` over the window that counts as a leak (1.5 = +50%). Must be > 1.
   * @default 1.5
   */
  readonly growthThreshold?: number;
  /**
   * Check for a leak after every timer sample and report it through `logger` and `onAlert`:
   * once when growth crosses the threshold, again only after it dropped back below.
   * @default true
   */
  readonly enableAlerts?: boolean;
  /** Receives leak alerts and {@link MemoryMonitor.logMemoryUsage} lines. @default console.warn */
  readonly logger?: MemoryLogger;
  /** Called with each leak alert (e.g. to take a heap snapshot). @default none */
  readonly onAlert?: (result: LeakDetectionResult) => void;
  /** Clock in milliseconds, for tests. @default Date.now */
  readonly now?: () => number;
  /** Memory reader, for tests. @default process.memoryUsage */
  readonly readMemory?: () => MemoryReading;
}

interface ResolvedOptions {
  readonly sampleIntervalMs: number;
  readonly maxSamples: number;
  readonly growthThreshold: number;
  readonly enableAlerts: boolean;
  readonly logger: MemoryLogger;
  readonly onAlert: ((result: LeakDetectionResult) => void) | undefined;
  readonly now: () => number;
  readonly readMemory: () => MemoryReading;
}

function resolveOptions(options: MemoryMonitorOptions): ResolvedOptions {
  const sampleIntervalMs = options.sampleIntervalMs ?? 60_000;
  if (typeof sampleIntervalMs !== 'number' || !Number.isFinite(sampleIntervalMs) || sampleIntervalMs <= 0) {
    throw new TypeError(`sampleIntervalMs must be a number of milliseconds > 0, got ${String(sampleIntervalMs)}`);
  }
  const maxSamples = options.maxSamples ?? 60;
  if (!Number.isInteger(maxSamples) || maxSamples < 2) {
    throw new TypeError(`maxSamples must be an integer ≥ 2 (leak detection compares two samples), got ${String(maxSamples)}`);
  }
  const growthThreshold = options.growthThreshold ?? 1.5;
  if (typeof growthThreshold !== 'number' || !Number.isFinite(growthThreshold) || growthThreshold <= 1) {
    throw new TypeError(`growthThreshold must be a growth factor > 1 (1.5 = +50%), got ${String(growthThreshold)}`);
  }
  const enableAlerts = options.enableAlerts ?? true;
  if (typeof enableAlerts !== 'boolean') throw new TypeError('enableAlerts must be a boolean');
  for (const fn of ['logger', 'onAlert', 'now', 'readMemory'] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== 'function') throw new TypeError(`${fn} must be a function`);
  }
  return Object.freeze({
    sampleIntervalMs,
    maxSamples,
    growthThreshold,
    enableAlerts,
    logger: options.logger ?? consoleMemoryLogger,
    onAlert: options.onAlert,
    now: options.now ?? Date.now,
    readMemory: options.readMemory ?? (() => process.memoryUsage()),
  });
}

/**
 * Tracks memory over time. The sampling timer is `unref()`'d (it never keeps the process
 * alive) and {@link stop} clears it.
 *
 * @example
 * const monitor = new MemoryMonitor({ onAlert: (r) => writeHeapSnapshot() });
 * monitor.start();
 * await monitor.wrapOperation('sync-contacts', () => syncContacts(userId));
 * monitor.stop();
 */
export class MemoryMonitor {
  readonly #options: ResolvedOptions;
  #samples: MemorySample[] = [];
  #timer: NodeJS.Timeout | undefined;
  #alerting = false;

  constructor(options: MemoryMonitorOptions = {}) {
    this.#options = resolveOptions(options);
  }

  /** True between {@link start} and {@link stop}. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts sampling every `sampleIntervalMs` (idempotent). Takes no sample immediately. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#onTick(), this.#options.sampleIntervalMs);
    // A monitor must never be the reason a process stays alive.
    this.#timer.unref();
  }

  /** Stops sampling and clears the timer (idempotent). Samples are kept. */
  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Records one sample now (the timer calls this; callers may too) and returns it. */
  sampleNow(): MemorySample {
    const m = this.#options.readMemory();
    const sample: MemorySample = Object.freeze({
      timestamp: this.#options.now(),
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      rss: m.rss,
    });
    this.#samples.push(sample);
    if (this.#samples.length > this.#options.maxSamples) this.#samples.shift();
    return sample;
  }

  /** Logs the memory change of `operation` between two readings (sizes in bytes). */
  logMemoryUsage(operation: string, before: MemoryReading, after: MemoryReading): void {
    this.#options.logger(`[memory] ${operation}`, {
      operation,
      heapUsedBefore: before.heapUsed,
      heapUsedAfter: after.heapUsed,
      heapUsedDelta: after.heapUsed - before.heapUsed,
      rssDelta: after.rss - before.rss,
      externalDelta: after.external - before.external,
    });
  }

  /**
   * Runs `fn` and logs the memory change around it with {@link logMemoryUsage}, also when
   * it throws (the error propagates unchanged).
   */
  async wrapOperation<T>(operation: string, fn: () => Promise<T> | T): Promise<T> {
    const before = this.#options.readMemory();
    try {
      return await fn();
    } finally {
      this.logMemoryUsage(operation, before, this.#options.readMemory());
    }
  }

  /** The sample window, oldest first (a copy). */
  getSamples(): MemorySample[] {
    return [...this.#samples];
  }

  /**
   * Compares the first and last sample of the window (seed 001 §2 algorithm). Null with
   * fewer than two samples.
   */
  detectLeak(): LeakDetectionResult | null {
    if (this.#samples.length < 2) return null;
    const firstSample = this.#samples[0]!;
    const lastSample = this.#samples[this.#samples.length - 1]!;
    const growth = firstSample.heapUsed > 0 ? lastSample.heapUsed / firstSample.heapUsed : Infinity;
    const detected = growth >= this.#options.growthThreshold;
    return Object.freeze({
      detected,
      growthPercent: (growth - 1) * 100,
      firstSample,
      lastSample,
      recommendation: detected
        ? 'Heap grew steadily over the sample window: take two heap snapshots (v8.writeHeapSnapshot) a few minutes apart and compare retained objects.'
        : 'No sustained heap growth over the sample window.',
    });
  }

  #onTick(): void {
    try {
      this.#tick();
    } catch (err) {
      // A timer callback that throws is an uncaughtException: a monitor must never be what
      // crashes its process (a throwing onAlert, readMemory or logger).
      const message = (err as Error)?.message ?? String(err);
      try {
        this.#options.logger('[memory] monitor tick failed', { error: message });
      } catch {
        process.emitWarning(`MemoryMonitor tick failed: ${message}`);
      }
    }
  }

  #tick(): void {
    this.sampleNow();
    if (!this.#options.enableAlerts) return;
    const result = this.detectLeak();
    if (result?.detected && !this.#alerting) {
      this.#alerting = true;
      this.#options.logger('[memory] potential leak detected', {
        growthPercent: result.growthPercent,
        firstSample: result.firstSample,
        lastSample: result.lastSample,
        recommendation: result.recommendation,
      });
      this.#options.onAlert?.(result);
    } else if (!result?.detected) {
      this.#alerting = false;
    }
  }
}
