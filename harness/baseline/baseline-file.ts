/**
 * The committed baseline of a suite, `reports/baselines/<suite>.json`, schema version 1:
 *
 * ```json
 * {
 *   "schemaVersion": 1,
 *   "suite": "ci",
 *   "createdAt": "2026-01-01T00:00:00.000Z",
 *   "updatedAt": "2026-01-02T00:00:00.000Z",
 *   "environment": { "node": "v20.19.0", "platform": "linux x64", "cpus": 2, "totalMemBytes": 25769803776 },
 *   "tolerances": { "heapDeltaBytes": 0.1, "liveHeapDeltaBytes": 0.1, "retainedHeapBytes": 0.1,
 *                   "peakRssBytes": 0.25, "durationMs": 0.5, "cpuMs": 0.3, "oldGenPeakDeltaBytes": 0.1,
 *                   "youngGenPeakBytes": 0.5 },
 *   "entries": {
 *     "suggestions/after/1318": { "scenario": "suggestions", "variant": "after", "records": 1318,
 *       "repeats": 3, "median": { …metrics… }, "min": { … }, "max": { … },
 *       "liveHeapMethod": "exact" }
 *   }
 * }
 * ```
 *
 * Tolerances are fractions (0.1 = 10 %). Entries are keyed `<scenario>/<variant>/<records>` and
 * written sorted, so a baseline update reads as a small diff in review. An entry may lack
 * metrics (baselines written before `cpuMs`, `oldGenPeakDeltaBytes` and `youngGenPeakBytes` existed):
 * those are compared as new. `liveHeapMethod` absent means `observed`.
 */
import path from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import type { LiveHeapMethod } from '../results/results-document.js';
import type { MetricName } from '../scenario/types.js';

/** Relative tolerance per metric, as fractions of the baseline median (0.1 = 10 %). */
export type Tolerances = Readonly<Record<MetricName, number>>;

/**
 * Default tolerances: heap 10 %, live heap 10 %, retained heap 10 %, RSS 25 % (whole-process,
 * noisier), duration 50 % (CI machines vary), CPU time 30 % (a busy machine barely moves it:
 * issue 14 measured 1.0–1.1× where wall time rose 1.8–2.2×; a change of code that doubles
 * it is still caught), old-generation peak 10 %, young-generation peak 50 % (V8 sizes the
 * semi-space from the allocation rate it sees: doubling steps up to 16 MB).
 */
export const DEFAULT_TOLERANCES: Tolerances = Object.freeze({
  heapDeltaBytes: 0.1,
  liveHeapDeltaBytes: 0.1,
  retainedHeapBytes: 0.1,
  peakRssBytes: 0.25,
  durationMs: 0.5,
  cpuMs: 0.3,
  oldGenPeakDeltaBytes: 0.1,
  youngGenPeakBytes: 0.5,
});

/** Where a baseline was recorded (no service details: they do not affect memory figures). */
export interface BaselineEnvironment {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly totalMemBytes: number;
}

/** Recorded values by metric; a metric the entry lacks (added after it was written) is compared as new. */
export type BaselineMetrics = Readonly<Partial<Record<MetricName, number>>>;

/** The recorded statistics of one (scenario, variant, records). */
export interface BaselineEntry {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** `ok` repeats the statistics are over. */
  readonly repeats: number;
  readonly median: BaselineMetrics;
  readonly min: BaselineMetrics;
  readonly max: BaselineMetrics;
  /**
   * How `liveHeapDeltaBytes` was obtained; a run whose method differs is not compared on it
   * (the figures measure different things). @default 'observed' (entries written before it)
   */
  readonly liveHeapMethod?: LiveHeapMethod;
}

/** A suite's baseline file. */
export interface BaselineFile {
  readonly schemaVersion: 1;
  readonly suite: string;
  /** ISO time the file was first written. */
  readonly createdAt: string;
  /** ISO time of the last `--update-baseline`. */
  readonly updatedAt: string;
  readonly environment: BaselineEnvironment;
  readonly tolerances: Tolerances;
  /** Keyed by {@link baselineKey}. */
  readonly entries: Readonly<Record<string, BaselineEntry>>;
}

/** The entry key of a (scenario, variant, records): `suggestions/after/1318`. */
export function baselineKey(s: { readonly scenario: string; readonly variant: string; readonly records: number }): string {
  return `${s.scenario}/${s.variant}/${s.records}`;
}

const SUITE_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The baseline file of `suite`: `<reportsDir>/baselines/<suite>.json`.
 *
 * @param reportsDir @default DEFAULTS.reportsDir ('reports', relative to the working directory)
 * @throws UsageError when `suite` is not a kebab-case name (it becomes a file name).
 */
export function baselinePath(suite: string, reportsDir: string = DEFAULTS.reportsDir): string {
  if (typeof suite !== 'string' || !SUITE_PATTERN.test(suite)) {
    throw new UsageError(`suite ${JSON.stringify(suite)}: must be a kebab-case name such as "ci"`);
  }
  return path.join(reportsDir, DEFAULTS.baselinesDir, `${suite}.json`);
}

/**
 * Fills tolerance defaults and validates.
 * @throws TypeError naming the metric when a tolerance is not a finite fraction >= 0 or names
 *   no metric.
 */
export function resolveTolerances(overrides: Partial<Record<string, number>> = {}): Tolerances {
  const out: Record<MetricName, number> = { ...DEFAULT_TOLERANCES };
  for (const [metric, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(metric in DEFAULT_TOLERANCES)) {
      throw new TypeError(`tolerances.${metric}: not a metric (${Object.keys(DEFAULT_TOLERANCES).join(', ')})`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`tolerances.${metric}: must be a finite fraction >= 0 (0.1 = 10%), got ${JSON.stringify(value)}`);
    }
    out[metric as MetricName] = value;
  }
  return Object.freeze(out);
}
