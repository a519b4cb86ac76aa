/**
 * The counters every load scenario reports, under the same names whatever drives the load, so
 * that every load run reads alike in tables, budgets and baselines.
 */
import type { CounterDefinition } from '../scenario/types.js';

/** What a load reports. Counts are requests; times are milliseconds. */
export interface LoadCounters {
  /** Requests that completed with a response. */
  readonly requests: number;
  /** Responses with a 2xx status. */
  readonly ok2xx: number;
  /** Responses with any other status (503 included). */
  readonly non2xx: number;
  /** Responses with status 503: requests the server shed. */
  readonly shed503: number;
  /** Requests that got no response: socket errors and timeouts. */
  readonly errors: number;
  /** Completed requests per second over the whole load. */
  readonly requestsPerSecond: number;
  /** Median response latency, ms. */
  readonly latencyP50Ms: number;
  /** 99th-percentile response latency, ms (HDR histogram). */
  readonly latencyP99Ms: number;
  /** Slowest response, ms. */
  readonly latencyMaxMs: number;
  /**
   * 99th percentile of the event-loop delay of the process that serves the requests, ms,
   * measured in that process while the load ran (absent when the server runs elsewhere).
   */
  readonly eventLoopDelayP99Ms?: number;
}

/** The counters a load has gathered so far, reported with its progress. */
export type PartialLoadCounters = Pick<LoadCounters, 'requests' | 'ok2xx' | 'non2xx' | 'shed503' | 'errors'>;

/** Counter definitions for a scenario's `counters` field: labels and units of {@link LoadCounters}. */
export const LOAD_COUNTER_DEFINITIONS: Readonly<Record<keyof LoadCounters, CounterDefinition>> = Object.freeze({
  requests: { label: 'requests', unit: 'count', key: true },
  ok2xx: { label: '2xx', unit: 'count' },
  non2xx: { label: 'non-2xx', unit: 'count', key: true },
  shed503: { label: 'shed (503)', unit: 'count' },
  errors: { label: 'errors', unit: 'count', key: true },
  requestsPerSecond: { label: 'requests/s', unit: 'per-second', key: true },
  latencyP50Ms: { label: 'p50 latency', unit: 'ms' },
  latencyP99Ms: { label: 'p99 latency', unit: 'ms', key: true },
  latencyMaxMs: { label: 'max latency', unit: 'ms' },
  eventLoopDelayP99Ms: { label: 'event-loop delay p99', unit: 'ms' },
});

/** The parts of autocannon's result the counters come from. */
export interface AutocannonSummary {
  readonly requests: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly duration: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly '2xx': number;
  readonly statusCodeStats?: Readonly<Partial<Record<string, { readonly count?: number }>>>;
}

/** {@link LoadCounters} from an autocannon result (`duration` in seconds, latencies in ms). */
export function countersFromAutocannon(result: AutocannonSummary): LoadCounters {
  const requests = result.requests.total;
  return {
    requests,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    shed503: result.statusCodeStats?.['503']?.count ?? 0,
    errors: result.errors,
    requestsPerSecond: result.duration > 0 ? requests / result.duration : 0,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
  };
}
