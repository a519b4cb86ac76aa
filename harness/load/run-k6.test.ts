/** The k6 path: a clear error without a binary, the profile as k6 environment, k6's summary as counters. */
import { describe, expect, it } from 'vitest';
import { resolveLoadProfile } from './load-profile.js';
import { countersFromK6Summary, findK6, k6Environment, requireK6 } from './run-k6.js';

describe('k6', () => {
  it('without k6 on PATH, says how to install it (a usage error: the CLI exits 2)', () => {
    expect(findK6({ PATH: '/nonexistent' })).toBeUndefined();
    let error: unknown;
    try {
      requireK6({ PATH: '/nonexistent' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'HEAPGATE_USAGE' });
    expect((error as Error).message).toMatch(
      /no k6 binary on PATH; install k6 \(https:\/\/grafana\.com\/docs\/k6\/.*or use --load autocannon/,
    );
  });

  it('passes the profile to the script as environment variables', () => {
    const profile = resolveLoadProfile({
      connections: 2,
      requestsPerConnection: 5,
      connectionRequests: [[{ path: '/u/1' }], [{ path: '/u/2' }]],
    });
    expect(k6Environment('http://127.0.0.1:9/', profile)).toEqual({
      TARGET: 'http://127.0.0.1:9',
      CONNECTIONS: '2',
      REQUESTS_PER_CONNECTION: '5',
      REQUEST_TIMEOUT_MS: '10000',
      PATHS: '[["/u/1"],["/u/2"]]',
    });
  });

  it('reads the counters from a summary export', () => {
    const summary = {
      metrics: {
        http_reqs: { count: 120, rate: 60 },
        http_req_duration: { avg: 3, min: 1, med: 2.5, max: 40, 'p(90)': 5, 'p(99)': 12 },
        status_2xx: { count: 100, rate: 50 },
        status_non2xx: { count: 20, rate: 10 },
        status_503: { count: 15, rate: 7.5 },
      },
    };
    expect(countersFromK6Summary(summary)).toEqual({
      requests: 120,
      ok2xx: 100,
      non2xx: 20,
      shed503: 15,
      errors: 0,
      requestsPerSecond: 60,
      latencyP50Ms: 2.5,
      latencyP99Ms: 12,
      latencyMaxMs: 40,
    });
  });
});
