/**
 * Entry point of the load-generator process (`node load-process.js`, started by
 * {@link runLoad}). It runs autocannon's programmatic API against the target and reports over
 * IPC, so none of the load generator's allocations land in the process being measured.
 *
 * Messages: parent → `{ type: 'start', target, profile }`; this process → `progress` every
 * {@link PROGRESS_INTERVAL_MS}, then one `done` (counters) or `failed` (message). It exits when
 * the parent goes away, and on its own deadline, so it can never outlive its measurement.
 */
import type autocannon from 'autocannon';
import { importOptional } from '../services/optional-dependency.js';
import { countersFromAutocannon, type LoadCounters, type PartialLoadCounters } from './load-counters.js';
import type { LoadRequest, ResolvedLoadProfile } from './load-profile.js';

/** How often progress is reported, in milliseconds. */
export const PROGRESS_INTERVAL_MS = 250;

/** Parent → load process. */
export interface LoadStartMessage {
  readonly type: 'start';
  readonly target: string;
  readonly profile: ResolvedLoadProfile;
  /** Kill switch: exit after this long whatever happens, in milliseconds. */
  readonly deadlineMs: number;
}

/** Load process → parent. */
export type LoadProcessMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total?: number; readonly counters: PartialLoadCounters }
  | { readonly type: 'done'; readonly counters: LoadCounters; readonly pid: number }
  | { readonly type: 'failed'; readonly message: string };

function send(message: LoadProcessMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, () => resolve());
  });
}

function toAutocannonRequests(requests: readonly LoadRequest[]): autocannon.Request[] {
  return requests.map((r) => ({
    method: r.method ?? 'GET',
    path: r.path,
    ...(r.headers ? { headers: { ...r.headers } } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
  }));
}

async function run(message: LoadStartMessage): Promise<LoadCounters> {
  // Loaded here, not at the top, so a missing package is a 'failed' message naming it.
  const { default: autocannonRun } = await importOptional<{ default: typeof autocannon }>('autocannon');
  const p = message.profile;
  const perConnection = p.connectionRequests?.map(toAutocannonRequests);
  let clientIndex = 0;
  return new Promise((resolve, reject) => {
    let done = 0;
    // Counted as responses arrive, so a server that dies mid-load still leaves what it served.
    const partial = { requests: 0, ok2xx: 0, non2xx: 0, shed503: 0, errors: 0 };
    const instance = autocannonRun(
      {
        url: message.target,
        connections: p.connections,
        pipelining: p.pipelining,
        // autocannon takes seconds; it stops at the first bound it meets.
        timeout: Math.max(1, Math.round(p.requestTimeoutMs / 1000)),
        ...(p.requestsPerConnection !== undefined ? { maxConnectionRequests: p.requestsPerConnection } : {}),
        ...(p.amount !== undefined ? { amount: p.amount } : {}),
        // Without a duration autocannon defaults to 10 s; a count-bounded load must not stop there.
        duration: p.durationMs !== undefined ? p.durationMs / 1000 : message.deadlineMs / 1000,
        ...(p.overallRate !== undefined ? { overallRate: p.overallRate } : {}),
        requests: toAutocannonRequests(p.requests),
        // Called once per connection, in order: connection i gets its own request sequence.
        ...(perConnection
          ? { setupClient: (client: autocannon.Client) => client.setRequests(perConnection[clientIndex++ % perConnection.length]!) }
          : {}),
      },
      (err: Error | null, result: autocannon.Result) => {
        clearInterval(ticker);
        if (err) reject(err);
        else resolve(countersFromAutocannon(result));
      },
    );
    instance.on('response', (_client: autocannon.Client, statusCode: number) => {
      done++;
      partial.requests++;
      if (statusCode >= 200 && statusCode < 300) partial.ok2xx++;
      else {
        partial.non2xx++;
        if (statusCode === 503) partial.shed503++;
      }
    });
    instance.on('reqError', () => {
      done++;
      partial.errors++;
    });
    const ticker = setInterval(() => {
      void send({ type: 'progress', done, ...(p.totalRequests !== undefined ? { total: p.totalRequests } : {}), counters: { ...partial } });
    }, PROGRESS_INTERVAL_MS);
    process.once('disconnect', () => instance.stop());
  });
}

process.once('disconnect', () => process.exit(0));
process.once('message', (message: LoadStartMessage) => {
  // The deadline is a kill switch, not a bound: profiles are bounded by count or time already.
  setTimeout(() => process.exit(75), message.deadlineMs).unref();
  run(message).then(
    async (counters) => {
      await send({ type: 'done', counters, pid: process.pid });
      process.exit(0);
    },
    async (err: unknown) => {
      await send({ type: 'failed', message: (err as Error)?.message ?? String(err) });
      process.exit(1);
    },
  );
});
