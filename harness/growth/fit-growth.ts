/**
 * Growth of a metric with data size, from a sweep (`--records 1000,10000,100000`): a
 * least-squares line (slope = bytes per record for byte metrics) and a growth class.
 *
 * ## Classification rule
 * Points are the per-record-count medians, sorted by record count (x) with values y; at least
 * two distinct record counts are needed.
 *
 * 1. **constant** when the growth over the LAST step of the sweep, `y[n-1] - y[n-2]`, is at most
 *    `max(absoluteFloor, relativeFloor × max(0, y[n-2]))` — i.e. when making the data set
 *    `x[n-1]/x[n-2]` times larger adds no more than noise or a fraction of what was already used.
 *    The last step, not the whole range, decides: peak heap of a streaming path first grows
 *    with records and then saturates (V8 lets up to a young generation's worth of garbage pile up
 *    before collecting, so small runs collect less often), and "constant regardless of dataset
 *    size" (seed 001, Phase 2) is a claim about large data sets. A falling series is constant.
 *    The absolute floor keeps small absolute numbers (a few hundred KB of jitter) from reading
 *    as growth; the relative floor absorbs V8 heap-sizing noise between runs.
 * 2. **superlinear** when not constant, with at least three record counts, when the log-log
 *    exponent of the growth component exceeds `superlinearExponent` AND the last value lies above
 *    the straight line through the first and second-to-last points by more than that line's own
 *    uncertainty, `absoluteFloor × (1 + (x[n-1] - x[0]) / (x[n-2] - x[0]))` (noise of one floor
 *    at the second-to-last point moves the extrapolated line by the extrapolation ratio times the
 *    floor). The growth component is `g_i = y_i - y_0` against `d_i = x_i - x_0` (i ≥ 1, only
 *    points with `g_i > 0`), whose log-log slope is exactly 1 for any straight line (with any
 *    intercept) and about 2 for a quadratic; the second condition keeps noise on a small middle
 *    point from faking an exponent.
 * 3. **linear** otherwise (including sublinear but still growing series).
 *
 * The least-squares slope and intercept are reported for every series (the "bytes per record"
 * figure) but do not decide the class.
 */
import { METRIC_NAMES, type MetricName } from '../scenario/types.js';
import type { Summary } from '../results/results-document.js';

/** How a metric grows with the record count. */
export type GrowthClass = 'constant' | 'linear' | 'superlinear';

/** One point of a series: the median of a metric at a record count. */
export interface GrowthPoint {
  readonly records: number;
  readonly value: number;
}

/** Options of the classification. Every option is optional; see {@link DEFAULT_GROWTH_OPTIONS}. */
export interface GrowthOptions {
  /**
   * Growth at or below this many units (bytes, or ms for `durationMs`) is noise, per metric.
   * @default { heapDeltaBytes: 1 MiB, liveHeapDeltaBytes: 1 MiB, retainedHeapBytes: 1 MiB,
   *   peakRssBytes: 8 MiB, durationMs: 50, cpuMs: 50, oldGenPeakDeltaBytes: 1 MiB, youngGenPeakBytes: 16 MiB }
   *   (RSS is whole-process and noisier; the young generation's peak is V8's semi-space sizing,
   *   1 to 16 MB, not the code's)
   */
  readonly absoluteFloor?: Partial<Readonly<Record<MetricName, number>>>;
  /**
   * Growth over the last sweep step at or below this fraction of the value before that step is
   * still constant.
   * @default 0.5
   */
  readonly relativeFloor?: number;
  /**
   * Log-log exponent of the growth component above which a series is superlinear.
   * @default 1.3
   */
  readonly superlinearExponent?: number;
}

/** {@link GrowthOptions} with every default filled in. */
export interface ResolvedGrowthOptions {
  readonly absoluteFloor: Readonly<Record<MetricName, number>>;
  readonly relativeFloor: number;
  readonly superlinearExponent: number;
}

const MiB = 1024 * 1024;

/** The defaults of {@link GrowthOptions}, in one place. */
export const DEFAULT_GROWTH_OPTIONS: ResolvedGrowthOptions = Object.freeze({
  absoluteFloor: Object.freeze({
    heapDeltaBytes: 1 * MiB,
    liveHeapDeltaBytes: 1 * MiB,
    retainedHeapBytes: 1 * MiB,
    peakRssBytes: 8 * MiB,
    durationMs: 50,
    cpuMs: 50,
    oldGenPeakDeltaBytes: 1 * MiB,
    youngGenPeakBytes: 16 * MiB,
  }),
  relativeFloor: 0.5,
  superlinearExponent: 1.3,
});

/**
 * Fills defaults and validates once.
 * @throws TypeError naming the option when one is not a finite non-negative number
 *   (`superlinearExponent` must be > 1).
 */
export function resolveGrowthOptions(options: GrowthOptions = {}): ResolvedGrowthOptions {
  const absoluteFloor = { ...DEFAULT_GROWTH_OPTIONS.absoluteFloor };
  for (const [metric, value] of Object.entries(options.absoluteFloor ?? {})) {
    if (!(METRIC_NAMES as readonly string[]).includes(metric)) {
      throw new TypeError(`growth option absoluteFloor.${metric}: not a metric (${METRIC_NAMES.join(', ')})`);
    }
    if (!isNonNegative(value))
      throw new TypeError(`growth option absoluteFloor.${metric}: must be a finite number >= 0 (bytes, or ms for durationMs)`);
    absoluteFloor[metric as MetricName] = value;
  }
  const relativeFloor = options.relativeFloor ?? DEFAULT_GROWTH_OPTIONS.relativeFloor;
  if (!isNonNegative(relativeFloor)) throw new TypeError('growth option relativeFloor: must be a finite fraction >= 0 (0.5 = 50%)');
  const superlinearExponent = options.superlinearExponent ?? DEFAULT_GROWTH_OPTIONS.superlinearExponent;
  if (!(typeof superlinearExponent === 'number' && Number.isFinite(superlinearExponent) && superlinearExponent > 1)) {
    throw new TypeError('growth option superlinearExponent: must be a finite number > 1 (a log-log exponent)');
  }
  return Object.freeze({ absoluteFloor: Object.freeze(absoluteFloor), relativeFloor, superlinearExponent });
}

/** The fit of one series. */
export interface SeriesFit {
  /** The points, sorted by record count. */
  readonly points: readonly GrowthPoint[];
  /** Least-squares slope: units (bytes, ms) per record. */
  readonly slopePerRecord: number;
  /** Least-squares intercept: the fitted value at 0 records. */
  readonly intercept: number;
  /** Growth over the last sweep step, `y[n-1] - y[n-2]` (units). */
  readonly tailGrowth: number;
  /** Largest `tailGrowth` still classified constant (units). */
  readonly constantLimit: number;
  /** Log-log exponent of the growth component; null with fewer than 3 points or no growth. */
  readonly exponent: number | null;
  /** How far the last value lies above the line through the first and second-to-last points; null with fewer than 3 points. */
  readonly superlinearExcess: number | null;
  /** The excess above which a high exponent counts as superlinear; null with fewer than 3 points. */
  readonly superlinearExcessLimit: number | null;
  readonly growthClass: GrowthClass;
}

/** The fit of one (scenario, variant, metric) across a sweep. */
export interface GrowthFit extends SeriesFit {
  readonly scenario: string;
  readonly variant: string;
  readonly metric: MetricName;
}

/**
 * Fits one series and classifies it (rule in the module TSDoc).
 *
 * @param absoluteFloor Growth at or below this is noise (same unit as the values).
 * @throws TypeError when fewer than two distinct record counts with finite values are given.
 */
export function fitSeries(
  points: readonly GrowthPoint[],
  absoluteFloor: number,
  options: Pick<ResolvedGrowthOptions, 'relativeFloor' | 'superlinearExponent'> = DEFAULT_GROWTH_OPTIONS,
): SeriesFit {
  const sorted = points
    .filter((p) => Number.isFinite(p.records) && Number.isFinite(p.value))
    .slice()
    .sort((a, b) => a.records - b.records);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i].records === sorted[i - 1].records) throw new TypeError(`fitSeries: record count ${sorted[i].records} appears twice`);
  }
  if (sorted.length < 2) throw new TypeError('fitSeries: needs at least two record counts with finite values');
  const n = sorted.length;
  const { slope, intercept } = leastSquares(
    sorted.map((p) => p.records),
    sorted.map((p) => p.value),
  );

  const last = sorted[n - 1];
  const beforeLast = sorted[n - 2];
  const tailGrowth = last.value - beforeLast.value;
  const constantLimit = Math.max(absoluteFloor, options.relativeFloor * Math.max(0, beforeLast.value));

  let exponent: number | null = null;
  let superlinearExcess: number | null = null;
  let superlinearExcessLimit: number | null = null;
  if (n >= 3) {
    const first = sorted[0];
    const logs = sorted
      .slice(1)
      .map((p) => ({ d: p.records - first.records, g: p.value - first.value }))
      .filter((p) => p.g > 0);
    if (logs.length >= 2) {
      exponent = leastSquares(
        logs.map((p) => Math.log(p.d)),
        logs.map((p) => Math.log(p.g)),
      ).slope;
    }
    const secant = (beforeLast.value - first.value) / (beforeLast.records - first.records);
    superlinearExcess = last.value - (first.value + secant * (last.records - first.records));
    superlinearExcessLimit = absoluteFloor * (1 + (last.records - first.records) / (beforeLast.records - first.records));
  }

  let growthClass: GrowthClass;
  if (tailGrowth <= constantLimit) growthClass = 'constant';
  else if (
    exponent !== null &&
    exponent > options.superlinearExponent &&
    superlinearExcess !== null &&
    superlinearExcessLimit !== null &&
    superlinearExcess > superlinearExcessLimit
  ) {
    growthClass = 'superlinear';
  } else growthClass = 'linear';

  return Object.freeze({
    points: Object.freeze(sorted.map((p) => Object.freeze({ records: p.records, value: p.value }))),
    slopePerRecord: slope,
    intercept,
    tailGrowth,
    constantLimit,
    exponent,
    superlinearExcess,
    superlinearExcessLimit,
    growthClass,
  });
}

/**
 * Fits every metric of every (scenario, variant) that has at least two record counts with
 * `ok` repeats. Summaries without `ok` repeats are left out. Order: scenario, variant as they
 * first appear, then metrics in {@link METRIC_NAMES} order.
 */
export function fitGrowth(summaries: readonly Summary[], options: GrowthOptions = {}): GrowthFit[] {
  const resolved = resolveGrowthOptions(options);
  const groups = new Map<string, Summary[]>();
  for (const s of summaries) {
    if (s.repeats <= 0) continue;
    const key = JSON.stringify([s.scenario, s.variant]);
    const group = groups.get(key) ?? [];
    group.push(s);
    groups.set(key, group);
  }
  const fits: GrowthFit[] = [];
  for (const group of groups.values()) {
    const distinct = new Map<number, Summary>();
    // Several summaries for one record count cannot come from one document; keep the first.
    for (const s of group) if (!distinct.has(s.records)) distinct.set(s.records, s);
    for (const metric of METRIC_NAMES) {
      const points = [...distinct.values()]
        .map((s) => ({ records: s.records, value: s.median[metric] }))
        .filter((p) => Number.isFinite(p.value));
      if (points.length < 2) continue;
      const fit = fitSeries(points, resolved.absoluteFloor[metric], resolved);
      fits.push(Object.freeze({ scenario: group[0].scenario, variant: group[0].variant, metric, ...fit }));
    }
  }
  return fits;
}

/** Ordinary least squares of y on x. A single distinct x gives slope 0 through the mean. */
function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function isNonNegative(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}
