/**
 * The `concurrent-users` load profile as a k6 script, for `heapgate run concurrent-users --load
 * k6` and for running the same load from anywhere (k6 on many machines, k6-operator) while
 * heapgate measures the server. k6 runs TypeScript itself; `npm run typecheck` checks this file
 * against `@types/k6` (tsconfig.k6.json).
 *
 * heapgate passes the profile as environment variables (see harness/load/run-k6.ts): TARGET,
 * CONNECTIONS, REQUESTS_PER_CONNECTION, REQUEST_TIMEOUT_MS and PATHS (JSON, one request sequence
 * per connection: each virtual user asks for its own suggestions). Run by hand:
 *
 *   k6 run -e TARGET=http://127.0.0.1:8080 -e CONNECTIONS=10 -e REQUESTS_PER_CONNECTION=20 \
 *     -e PATHS='[["/users/<id>/suggestions"]]' scenarios/concurrent-users/load.k6.ts
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';

const connections = Number(__ENV.CONNECTIONS ?? '10');
const requestsPerConnection = Number(__ENV.REQUESTS_PER_CONNECTION ?? '20');
const timeoutMs = Number(__ENV.REQUEST_TIMEOUT_MS ?? '10000');
const paths = JSON.parse(__ENV.PATHS ?? '[["/healthz"]]') as string[][];

/** One virtual user per connection, each sending exactly its share of requests. */
export const options: Options = {
  scenarios: {
    users: { executor: 'per-vu-iterations', vus: connections, iterations: requestsPerConnection, maxDuration: '10m' },
  },
  // The same thresholds as the scenario's budgets on its load counters: no socket errors or
  // timeouts, no non-2xx answers. Failing one makes k6 exit 99; heapgate still reads the summary.
  thresholds: {
    status_error: ['count==0'],
    status_non2xx: ['count==0'],
  },
};

// The counters heapgate reads from the summary export (k6 has no per-status totals of its own).
const ok2xx = new Counter('status_2xx');
const non2xx = new Counter('status_non2xx');
const shed503 = new Counter('status_503');
const failed = new Counter('status_error');

export default function (): void {
  const user = (exec.vu.idInTest - 1) % paths.length;
  const sequence = paths[user]!;
  const path = sequence[exec.vu.iterationInScenario % sequence.length]!;
  const res = http.get(`${__ENV.TARGET}${path}`, { timeout: `${timeoutMs}ms` });
  if (res.status === 0) failed.add(1);
  else if (res.status >= 200 && res.status < 300) ok2xx.add(1);
  else {
    non2xx.add(1);
    if (res.status === 503) shed503.add(1);
  }
}
