/**
 * Capacity projection (`--capacity 512MB`): for a variant measured over a sweep, the record
 * count at which it would no longer run under a heap limit — "does the export fit a 512 MB
 * Lambda?", "how many tenants per instance?".
 *
 * ## What is projected
 * V8 aborts when what is reachable no longer fits the old generation (`--max-old-space-size`),
 * and what setup left reachable counts as much as what `run` adds: the projected figures are
 * ABSOLUTE, one point per record count, fitted by least squares against the record count and
 * solved for the limit.
 *
 * - `heapFloor` (the headline; `--capacity` searches the floors over the sweep): the smallest
 *   `--max-old-space-size` each record count completed under, bisected, middle of the final
 *   bracket. V8's own verdict at the measured sizes, slack included (the reachable peak between
 *   collections, fragmentation, a Map's old and new tables alive during a rehash).
 * - `liveHeapDeltaBytes`: the run's baseline used heap (`timeline.baselineHeapBytes`, median
 *   over repeats) plus the summary's median live heap. Garbage does not count (V8 collects it
 *   before giving up); an exact live figure is the reachable peak, and V8's limit applies to it.
 * - `heapDeltaBytes`: baseline plus the peak including garbage, an upper bound of what must
 *   fit: its projection is a low, safe count.
 *
 * Measured on `ccts before` (README, "Capacity"): the floor at 270,000 records (124–137 MB over
 * three invocations) lay between baseline + live (99.6–119 MB: a live figure read after the full
 * GCs that happen to run misses the reachable peak between them) and baseline + peak
 * (149–156 MB). Projected from the floors (median 1,109,331 records) the variant completed under
 * 512 MB at 0.85 × and ran out of heap at 1.3 ×; projected from baseline + live (1,504,353) it
 * already ran out of heap at 0.85 ×.
 *
 * ## Uncertainty
 * The interval is where the 95 % confidence band of the fitted line crosses the limit
 * (inverse prediction): the lowest record count at which the band's upper edge reaches it, and
 * the highest at which its lower edge does. Extrapolating far beyond the sweep widens it, as it
 * should. With two record counts the line has no uncertainty to speak of and no interval is
 * given.
 *
 * ## Growth
 * The series is classified with the growth rule (`fitSeries`): a constant series is not bounded
 * by records in the measured range (no projection); a superlinear one is projected linearly
 * all the same, which overstates its capacity (the reporters say so).
 */
import type { CapacityProjection, HeapFloor, RunResult, Summary } from '../results/results-document.js';
import { median } from '../results/summarize.js';
import type { MetricName } from '../scenario/types.js';
import { DEFAULT_GROWTH_OPTIONS, fitSeries, type GrowthPoint } from './fit-growth.js';
import { confidenceBand, fitLine } from './linear-fit.js';

const MiB = 1024 * 1024;

/** Figures a capacity can be projected from. */
export type CapacityMetric = 'liveHeapDeltaBytes' | 'heapDeltaBytes' | 'heapFloor';

/** What {@link projectCapacity} reads: the measured part of a results document. */
export interface CapacityInput {
  readonly runs: readonly RunResult[];
  readonly summaries: readonly Summary[];
  readonly heapFloors?: readonly HeapFloor[];
}

/**
 * One projection per (scenario, variant) with at least two record counts and per figure
 * (`heapFloor` first when floors were searched, then `liveHeapDeltaBytes` and
 * `heapDeltaBytes`), in the order summaries first name the variants.
 *
 * @param limitBytes The heap limit, in bytes (`--capacity`, or `--max-heap` MB × 1 MiB).
 * @throws TypeError when `limitBytes` is not a positive finite number.
 */
export function projectCapacity(input: CapacityInput, limitBytes: number): CapacityProjection[] {
  if (!(Number.isFinite(limitBytes) && limitBytes > 0))
    throw new TypeError(`projectCapacity: limitBytes must be a positive number of bytes, got ${limitBytes}`);
  const out: CapacityProjection[] = [];
  const variants = [...new Map(input.summaries.map((s) => [`${s.scenario}\u0000${s.variant}`, s])).values()];
  for (const { scenario, variant } of variants) {
    const floors = (input.heapFloors ?? []).filter((f) => f.scenario === scenario && f.variant === variant && f.floorMb !== null);
    const floorPoints = floors.map((f) => ({
      records: f.records,
      // The floor lies in (failedMb, floorMb]: the middle of the bracket, in bytes; a search that
      // never failed (the smallest cap tried completed) knows only its upper end.
      value: (f.failedMb === null ? f.floorMb! : (f.floorMb! + f.failedMb) / 2) * MiB,
    }));
    // Floors are known to ±toleranceMb: growth within that is not growth.
    const tolerance = Math.max(0, ...floors.map((f) => f.toleranceMb)) * MiB;
    const fromFloors = project(scenario, variant, 'heapFloor', floorPoints, limitBytes, tolerance);
    if (fromFloors) out.push(fromFloors);
    const summaries = input.summaries.filter((s) => s.scenario === scenario && s.variant === variant && s.repeats > 0);
    for (const metric of ['liveHeapDeltaBytes', 'heapDeltaBytes'] as const) {
      const points = summaries.flatMap((s): GrowthPoint[] => {
        const value = medianBaseline(input.runs, s) + s.median[metric as MetricName];
        return Number.isFinite(value) ? [{ records: s.records, value }] : [];
      });
      const projection = project(scenario, variant, metric, points, limitBytes);
      if (projection) out.push(projection);
    }
  }
  return out;
}

function project(
  scenario: string,
  variant: string,
  metric: CapacityMetric,
  raw: readonly GrowthPoint[],
  limitBytes: number,
  noiseBytes = 0,
): CapacityProjection | undefined {
  const points = [...new Map(raw.map((p) => [p.records, p])).values()].sort((a, b) => a.records - b.records);
  if (points.length < 2) return undefined;
  const growth = fitSeries(points, Math.max(DEFAULT_GROWTH_OPTIONS.absoluteFloor.liveHeapDeltaBytes, noiseBytes));
  const line = fitLine(
    points.map((p) => p.records),
    points.map((p) => p.value),
  );
  const base = {
    scenario,
    variant,
    limitBytes,
    metric,
    growthClass: growth.growthClass,
    records: points.map((p) => p.records),
    largestMeasuredBytes: points[points.length - 1]!.value,
    bytesPerRecord: line.slope,
    interceptBytes: line.intercept,
    r2: line.r2,
  };
  if (growth.growthClass === 'constant' || !(line.slope > 0)) return { ...base, projectedRecords: null, low: null, high: null };
  const projected = (limitBytes - line.intercept) / line.slope;
  const { low, high } = inverseInterval(line, limitBytes, Math.max(projected, points[points.length - 1]!.records));
  return {
    ...base,
    projectedRecords: Math.max(0, Math.round(projected)),
    low: low === null ? null : Math.max(0, Math.round(low)),
    high: high === null ? null : Math.round(high),
  };
}

/**
 * Where the confidence band crosses `limit`: `low` where its upper edge first reaches it,
 * `high` where its lower edge does (null when it does not within 100 × `scale` records: the
 * slope's own interval reaches down to zero growth, or there are too few points).
 */
function inverseInterval(line: ReturnType<typeof fitLine>, limit: number, scale: number): { low: number | null; high: number | null } {
  if (line.n < 3 || !Number.isFinite(line.residualStandardError)) return { low: null, high: null };
  const upper = (x: number) => confidenceBand(line, x).high - limit;
  const lower = (x: number) => confidenceBand(line, x).low - limit;
  return { low: firstCrossing(upper, 100 * scale), high: firstCrossing(lower, 100 * scale) };
}

/** Smallest x in [0, max] where `f` turns non-negative (scanned, then bisected); null if it never does. */
function firstCrossing(f: (x: number) => number, max: number): number | null {
  if (f(0) >= 0) return 0;
  const steps = 4000;
  let previous = 0;
  for (let i = 1; i <= steps; i += 1) {
    const x = (max * i) / steps;
    if (f(x) >= 0) {
      let lo = previous;
      let hi = x;
      for (let k = 0; k < 100 && hi - lo > 0.5; k += 1) {
        const mid = (lo + hi) / 2;
        if (f(mid) >= 0) hi = mid;
        else lo = mid;
      }
      return hi;
    }
    previous = x;
  }
  return null;
}

/**
 * Median baseline used heap of a summary's `ok` measured runs; NaN when none has a timeline (an
 * absolute figure cannot be made, and the point is left out).
 */
function medianBaseline(runs: readonly RunResult[], s: Summary): number {
  const values = runs
    .filter(
      (r) =>
        r.scenario === s.scenario && r.variant === s.variant && r.records === s.records && r.status === 'ok' && r.repeat > 0 && r.timeline,
    )
    .map((r) => r.timeline!.baselineHeapBytes);
  return values.length ? median(values) : Number.NaN;
}
