/**
 * How a scenario reports a service's metrics as its run's metrics: `run` returns
 * `measuredElsewhere(reading, counters)`, and the measured child reports the reading's metrics
 * instead of its own. Budgets, baselines and reports then judge the service like any run.
 */
import type { Metrics, Timeline } from '../results/results-document.js';
import { type Counters, METRIC_NAMES } from '../scenario/types.js';
import type { RemoteReading } from './remote-probe.js';

// A registered symbol: a scenario and the child entry agree on it even if they load two copies
// of heapgate. Counters are read with Object.entries, which skips symbol keys, so it never
// becomes a counter.
const MEASURED_ELSEWHERE = Symbol.for('heapgate.measuredElsewhere');

interface Carried {
  readonly metrics: Metrics;
  readonly origin: string;
  readonly baselineHeapBytes: number;
}

/**
 * The counters for `run` to return when its figures were measured in a service by the service's
 * heap probe (see `remoteProbe`): the run's metrics become `reading.metrics`, its counters are
 * `counters`, its timeline is left empty (the child's own would be a different process), and
 * its `warnings` name the probe's origin (one line per service in the console table), so
 * results.json says where the figures come from. The measuring child's own heap is not reported.
 *
 * ```ts
 * run: async (ctx, probe) => {
 *   await probe.mark();
 *   const requests = await driveLoad();
 *   const reading = await probe.read();
 *   return measuredElsewhere(reading, { requests, gcCount: reading.gcCount });
 * }
 * ```
 */
export function measuredElsewhere(reading: RemoteReading, counters: Counters = {}): Counters {
  const carried: Carried = {
    metrics: reading.metrics,
    origin: reading.origin,
    baselineHeapBytes: reading.baselineHeapBytes,
  };
  return { ...counters, [MEASURED_ELSEWHERE]: carried };
}

/**
 * For the measured child: the metrics, timeline and note to report when `counters` came from
 * {@link measuredElsewhere}; undefined for ordinary counters.
 * A reading from a service probe older than `cpuMs` lacks it: it is reported as not measured
 * (NaN, `null` in results.json) rather than refused.
 * @throws TypeError when a carried metric is not a finite number
 */
export function takeMeasuredElsewhere(counters: unknown): { metrics: Metrics; timeline: Timeline; note: string } | undefined {
  if (typeof counters !== 'object' || counters === null) return undefined;
  const carried = (counters as { [MEASURED_ELSEWHERE]?: Carried })[MEASURED_ELSEWHERE];
  if (carried === undefined) return undefined;
  const metrics = {} as Record<(typeof METRIC_NAMES)[number], number>;
  for (const m of METRIC_NAMES) {
    const v = carried.metrics?.[m];
    if (m === 'cpuMs' && v === undefined) {
      metrics[m] = Number.NaN;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`measuredElsewhere: metrics.${m} must be a finite number`);
    metrics[m] = v;
  }
  return {
    metrics: { ...carried.metrics, ...metrics },
    timeline: { baselineHeapBytes: carried.baselineHeapBytes, samples: [], gcEvents: [] },
    note: `metrics measured in the service at ${carried.origin} by its heap probe, not in this child`,
  };
}
