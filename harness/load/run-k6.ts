/**
 * Driving a load profile with a `k6` binary instead of autocannon: the same profile, passed to
 * the scenario's k6 script as environment variables, and k6's end-of-test summary turned into
 * the same {@link LoadCounters}. The server-side measurement is the same whichever tool drives
 * the load.
 *
 * k6 scripts read `__ENV.TARGET`, `__ENV.CONNECTIONS`, `__ENV.REQUESTS_PER_CONNECTION` (or
 * `__ENV.AMOUNT` / `__ENV.DURATION_MS`) and `__ENV.PATHS` (JSON: one request sequence per
 * connection), and count responses in the custom counters `status_2xx`, `status_non2xx` and
 * `status_503` — see the scripts shipped with the load scenarios (`*.k6.ts`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadCounters } from './load-counters.js';
import type { ResolvedLoadProfile } from './load-profile.js';

/** The k6 side of a load scenario. */
export interface K6Options {
  /** Absolute path of the k6 script (k6 runs TypeScript itself). */
  readonly script: string;
  /** Environment variables for the script besides the profile's. @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

/** How to get k6, for the error when it is missing. */
export const K6_INSTALL_HINT =
  'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/: e.g. `brew install k6`, ' +
  'the k6 apt/rpm repository, or a release binary from https://github.com/grafana/k6/releases) so `k6` is on PATH, or use --load autocannon';

/** Finds an executable `k6` on PATH; undefined when there is none. */
export function findK6(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'k6.exe' : 'k6');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The `k6` binary, or a {@link UsageError} saying how to install it (the CLI exits 2).
 * @throws UsageError when `k6` is not on PATH.
 */
export function requireK6(env: NodeJS.ProcessEnv = process.env): string {
  const found = findK6(env);
  if (!found) throw new UsageError(`--load k6: no k6 binary on PATH; ${K6_INSTALL_HINT}`);
  return found;
}

/** The environment a k6 script receives for `profile`. */
export function k6Environment(target: string, profile: ResolvedLoadProfile): Record<string, string> {
  const sequences = profile.connectionRequests ?? [profile.requests];
  return {
    TARGET: target.replace(/\/$/, ''),
    CONNECTIONS: String(profile.connections),
    ...(profile.requestsPerConnection !== undefined ? { REQUESTS_PER_CONNECTION: String(profile.requestsPerConnection) } : {}),
    ...(profile.amount !== undefined ? { AMOUNT: String(profile.amount) } : {}),
    ...(profile.durationMs !== undefined ? { DURATION_MS: String(profile.durationMs) } : {}),
    REQUEST_TIMEOUT_MS: String(profile.requestTimeoutMs),
    PATHS: JSON.stringify(sequences.map((seq) => seq.map((r) => r.path))),
  };
}

/** The parts of `k6 run --summary-export` this module reads. */
interface K6Summary {
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** {@link LoadCounters} from a k6 summary export (trend stats `med`, `p(99)`, `max` in ms). */
export function countersFromK6Summary(summary: K6Summary): LoadCounters {
  const m = summary.metrics;
  const count = (name: string) => m[name]?.count ?? 0;
  const requests = count('http_reqs');
  const duration = m.http_req_duration ?? {};
  return {
    requests,
    ok2xx: count('status_2xx'),
    non2xx: count('status_non2xx'),
    shed503: count('status_503'),
    // Requests without a status (k6 reports status 0 for network errors and timeouts).
    errors: count('status_error'),
    requestsPerSecond: m.http_reqs?.rate ?? 0,
    latencyP50Ms: duration.med ?? duration['p(50)'] ?? Number.NaN,
    latencyP99Ms: duration['p(99)'] ?? Number.NaN,
    latencyMaxMs: duration.max ?? Number.NaN,
  };
}

/** Runs the profile through `k6 run` and returns its counters. */
export async function runK6(
  target: string,
  profile: ResolvedLoadProfile,
  options: K6Options,
  onProgress: (done: number, total: number | undefined) => void,
): Promise<{ counters: LoadCounters; generatorPid: number; tool: 'k6' }> {
  const k6 = requireK6();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-k6-'));
  const summaryFile = path.join(dir, 'summary.json');
  try {
    const env = { ...k6Environment(target, profile), ...(options.env ?? {}) };
    const args = [
      'run',
      '--quiet',
      '--no-usage-report',
      '--summary-trend-stats',
      'avg,min,med,max,p(90),p(99)',
      '--summary-export',
      summaryFile,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      options.script,
    ];
    const child = spawn(k6, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    // k6 exits 99 when a threshold fails; the summary is still written and the counters stand.
    if (code !== 0 && code !== 99) throw new Error(`k6 exited with code ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const counters = countersFromK6Summary(JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as K6Summary);
    onProgress(counters.requests, profile.totalRequests);
    return { counters, generatorPid: child.pid ?? -1, tool: 'k6' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
