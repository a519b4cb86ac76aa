/**
 * The options of `MemoryPressureHandler`, their defaults and their checks (a bad option throws
 * a `TypeError` from the constructor, naming it).
 */
import { performance } from 'node:perf_hooks';
import { consoleMemoryLogger, type MemoryLogger } from '../memory/memory-logger.js';
import { type HeapPressureReading, readHeapPressure } from './heap-pressure-reading.js';
import { DEFAULT_MIN_DWELL_MS, DEFAULT_RECOVERY_BAND, DEFAULT_SAMPLE_INTERVAL_MS } from './pressure-defaults.js';
import { DEFAULT_PRESSURE_THRESHOLDS, type PressureThresholds } from './pressure-level.js';

/** Options of `MemoryPressureHandler`. All optional. */
export interface MemoryPressureHandlerOptions {
  /** Where each level starts (ratios of the heap size limit, rising). @default DEFAULT_PRESSURE_THRESHOLDS (0.70 / 0.85 / 0.95) */
  readonly thresholds?: Partial<PressureThresholds>;
  /** A level is left only below its threshold minus this (a ratio, in (0, warning)). @default DEFAULT_RECOVERY_BAND (0.05) */
  readonly recoveryBand?: number;
  /** Milliseconds a level holds at least before it is left (see the class comment). @default DEFAULT_MIN_DWELL_MS (5000) */
  readonly minDwellMs?: number;
  /** Milliseconds between timer readings once started. @default DEFAULT_SAMPLE_INTERVAL_MS (250) */
  readonly sampleIntervalMs?: number;
  /** Also read after every garbage collection (a `PerformanceObserver` on `gc` entries). @default true */
  readonly observeGc?: boolean;
  /** The reading source; tests script it. @default readHeapPressure (v8 used_heap_size / heap_size_limit) */
  readonly readPressure?: () => HeapPressureReading;
  /** Clock in milliseconds; tests inject one. @default performance.now */
  readonly now?: () => number;
  /**
   * A full garbage collection the handler runs right before a reading while a level above
   * normal is in force and no full (mark-compact) collection has happened for `minDwellMs` —
   * so at most one per dwell time, and none while V8 collects on its own (as it does under
   * load near the limit). Used heap counts garbage until V8's next mark-compact, which under
   * light load can be many seconds away: in the `memory-pressure` scenario a service whose
   * load had fallen to a probe stayed at warning for the whole 12 s probe with 70 MB of its
   * 190 MB used heap uncollected garbage, and one collection showed it far below the clear
   * point. Seed 003 Level 1 lists "increase garbage collection frequency" for this.
   * `fullGarbageCollector()` (`full-garbage-collector.ts`) gives one. It blocks the event loop
   * for the collection (tens of ms per 100 MB live here). @default none
   */
  readonly collectGarbage?: () => void;
  /**
   * Receives one line per transition (seed 003 Level 1: "Log memory pressure events") and
   * reports of failing readings, actions and listeners. Pass `() => {}` to keep it quiet.
   * @default console.warn
   */
  readonly logger?: MemoryLogger;
}

export interface ResolvedOptions {
  readonly thresholds: PressureThresholds;
  readonly recoveryBand: number;
  readonly minDwellMs: number;
  readonly sampleIntervalMs: number;
  readonly observeGc: boolean;
  readonly readPressure: () => HeapPressureReading;
  readonly now: () => number;
  readonly logger: MemoryLogger;
  readonly collectGarbage: (() => void) | undefined;
}

/** Checks `options` and fills in the defaults. @throws TypeError naming the first bad option */
export function resolveOptions(options: MemoryPressureHandlerOptions): ResolvedOptions {
  const given = options.thresholds ?? {};
  if (typeof given !== 'object' || given === null) throw new TypeError('thresholds must be an object { warning, critical, emergency }');
  const thresholds = { ...DEFAULT_PRESSURE_THRESHOLDS, ...given };
  for (const level of ['warning', 'critical', 'emergency'] as const) {
    const v = thresholds[level];
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
      throw new TypeError(`thresholds.${level} must be a ratio of the heap size limit in (0, 1], got ${String(v)}`);
    }
  }
  if (!(thresholds.warning < thresholds.critical && thresholds.critical < thresholds.emergency)) {
    throw new TypeError(
      `thresholds must rise: warning (${thresholds.warning}) < critical (${thresholds.critical}) < emergency (${thresholds.emergency})`,
    );
  }
  const recoveryBand = options.recoveryBand ?? DEFAULT_RECOVERY_BAND;
  if (typeof recoveryBand !== 'number' || !(recoveryBand > 0 && recoveryBand < thresholds.warning)) {
    throw new TypeError(
      `recoveryBand must be a ratio of the heap size limit in (0, thresholds.warning = ${thresholds.warning}), got ${String(recoveryBand)}`,
    );
  }
  const minDwellMs = options.minDwellMs ?? DEFAULT_MIN_DWELL_MS;
  if (typeof minDwellMs !== 'number' || !Number.isFinite(minDwellMs) || minDwellMs < 0) {
    throw new TypeError(`minDwellMs must be a number of milliseconds ≥ 0, got ${String(minDwellMs)}`);
  }
  const sampleIntervalMs = options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  if (!Number.isInteger(sampleIntervalMs) || sampleIntervalMs < 1) {
    throw new TypeError(`sampleIntervalMs must be a whole number of milliseconds ≥ 1, got ${String(sampleIntervalMs)}`);
  }
  const observeGc = options.observeGc ?? true;
  if (typeof observeGc !== 'boolean') throw new TypeError(`observeGc must be a boolean, got ${String(observeGc)}`);
  for (const fn of ['readPressure', 'now', 'logger', 'collectGarbage'] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== 'function') throw new TypeError(`${fn} must be a function`);
  }
  return Object.freeze({
    thresholds: Object.freeze(thresholds),
    recoveryBand,
    minDwellMs,
    sampleIntervalMs,
    observeGc,
    readPressure: options.readPressure ?? readHeapPressure,
    now: options.now ?? (() => performance.now()),
    logger: options.logger ?? consoleMemoryLogger,
    collectGarbage: options.collectGarbage,
  });
}
