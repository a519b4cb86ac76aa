/**
 * `runLoad(target, profile)`: puts a service under load from a separate process and returns the
 * load counters every heapgate load scenario reports.
 *
 * Called from a variant's `run`, with the service under test started in `setup` in the same
 * (measured) process: heapgate's probe then measures the *server's* heap, gap-free, while the
 * load generator's allocations stay in its own process. The event-loop delay of the calling
 * process is measured while the load runs (`eventLoopDelayP99Ms`).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { reportChildProgress } from '../probe/child-progress.js';
import type { LoadCounters, PartialLoadCounters } from './load-counters.js';
import type { LoadProcessMessage, LoadStartMessage } from './load-process.js';
import { checkLoadTarget, type LoadProfile, type LoadTargetOptions, resolveLoadProfile, type ResolvedLoadProfile } from './load-profile.js';
import { runK6, type K6Options } from './run-k6.js';

/**
 * The compiled load-process entry. Beside this module in `dist/`; when this module runs from its
 * TypeScript source (tests), the built copy in `dist/` is used.
 */
function loadProcessEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'load-process.js');
  if (fs.existsSync(sibling)) return sibling;
  const built = path.resolve(here, '../../dist/harness/load/load-process.js');
  if (fs.existsSync(built)) return built;
  throw new Error(`runLoad: the load-process entry is not built (looked for ${sibling} and ${built}); run npm run build`);
}

/** Which tool drives the load. */
export type LoadTool = 'autocannon' | 'k6';

/** Options of {@link runLoad}. */
export interface RunLoadOptions extends LoadTargetOptions {
  /**
   * The load generator. @default the `HEAPGATE_LOAD_TOOL` environment variable (set by
   * `heapgate run --load …`), else `'autocannon'`
   */
  readonly tool?: LoadTool;
  /** With `tool: 'k6'`: the k6 script and how to call it. Required then. */
  readonly k6?: K6Options;
  /**
   * Progress: requests done so far, and the total when the profile is bounded by count. Called
   * about every 250 ms. @default inside a heapgate measured child, forwarded to heapgate's
   * progress line; elsewhere, nothing
   */
  readonly onProgress?: (done: number, total: number | undefined, counters?: PartialLoadCounters) => void;
  /** Measure this process's event-loop delay while the load runs. @default true */
  readonly measureEventLoop?: boolean;
}

/** What {@link runLoad} returns. */
export interface LoadRun {
  /** The counters, named alike for every tool. */
  readonly counters: LoadCounters;
  /** The load generator's process id (never this process's: its allocations are not measured here). */
  readonly generatorPid: number;
  readonly tool: LoadTool;
}

/** Extra time, beyond the profile's own bound, before the load process is killed, in ms. */
const DEADLINE_GRACE_MS = 30_000;

/**
 * Sends the load and waits for it to finish.
 *
 * @param target Base URL of the service, e.g. `http://127.0.0.1:41234`: a loopback address
 *   unless `options.allowHosts` names the host.
 * @throws TypeError for a malformed profile or a non-loopback target; Error when the load
 *   generator fails or dies (the message says why).
 */
export async function runLoad(target: string, profile: LoadProfile, options: RunLoadOptions = {}): Promise<LoadRun> {
  const url = checkLoadTarget(target, options);
  const resolved = resolveLoadProfile(profile);
  const tool = options.tool ?? toolFromEnv();
  const onProgress =
    options.onProgress ??
    ((done: number, total: number | undefined, counters?: PartialLoadCounters) =>
      reportChildProgress({ kind: 'load', done, ...(total !== undefined ? { total } : {}), ...(counters ? { counters } : {}) }));
  const histogram = options.measureEventLoop === false ? undefined : monitorEventLoopDelay({ resolution: 10 });
  histogram?.enable();
  try {
    const run =
      tool === 'k6'
        ? await runK6(url.toString(), resolved, requireK6Options(options), onProgress)
        : await runAutocannonProcess(url.toString(), resolved, onProgress);
    const eventLoopDelayP99Ms = histogram ? histogram.percentile(99) / 1e6 : undefined;
    return { ...run, counters: { ...run.counters, ...(eventLoopDelayP99Ms !== undefined ? { eventLoopDelayP99Ms } : {}) } };
  } finally {
    histogram?.disable();
  }
}

function toolFromEnv(): LoadTool {
  const fromEnv = process.env.HEAPGATE_LOAD_TOOL;
  if (fromEnv === undefined || fromEnv === '' || fromEnv === 'autocannon') return 'autocannon';
  if (fromEnv === 'k6') return 'k6';
  throw new TypeError(`HEAPGATE_LOAD_TOOL: must be autocannon or k6, got ${JSON.stringify(fromEnv)}`);
}

function requireK6Options(options: RunLoadOptions): K6Options {
  if (!options.k6) throw new TypeError('runLoad: tool k6 needs options.k6 (the k6 script this load profile runs as)');
  return options.k6;
}

/** How long the load may take at most before its process is killed. */
export function loadDeadlineMs(profile: ResolvedLoadProfile): number {
  if (profile.durationMs !== undefined) return profile.durationMs + DEADLINE_GRACE_MS;
  // Count-bounded: the request timeout bounds every request, so a stuck load cannot run on for
  // longer than all requests timing out in sequence per connection (capped at the time limit).
  const perConnection = profile.requestsPerConnection ?? Math.ceil((profile.amount ?? 1) / profile.connections);
  return Math.min(perConnection * profile.requestTimeoutMs, 600_000) + DEADLINE_GRACE_MS;
}

function runAutocannonProcess(
  target: string,
  profile: ResolvedLoadProfile,
  onProgress: (done: number, total: number | undefined, counters?: PartialLoadCounters) => void,
): Promise<Omit<LoadRun, 'counters'> & { counters: LoadCounters }> {
  return new Promise((resolve, reject) => {
    // Not execArgv of this process: a measured child's --expose-gc / --max-old-space-size are
    // for the server, not for the load generator.
    const child = fork(loadProcessEntry(), [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.on('message', (m: LoadProcessMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total, m.counters);
      else if (m.type === 'done') finish(() => resolve({ counters: m.counters, generatorPid: m.pid, tool: 'autocannon' }));
      else if (m.type === 'failed') finish(() => reject(new Error(`load generator failed: ${m.message}`)));
    });
    child.on('error', (err) => finish(() => reject(new Error(`load generator could not start: ${err.message}`))));
    child.on('exit', (code, signal) => {
      finish(() =>
        reject(
          new Error(
            `load generator exited without a result (code ${code}, signal ${signal})${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          ),
        ),
      );
    });
    const start: LoadStartMessage = { type: 'start', target, profile, deadlineMs: loadDeadlineMs(profile) };
    child.send(start);
  });
}
