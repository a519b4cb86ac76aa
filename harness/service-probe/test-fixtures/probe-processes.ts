/**
 * The processes heapgate/probe's tests run: the reference-style service
 * (`harness/testing/fixtures/probe-service.mjs`, its own `node` process, loopback only) and
 * autocannon load processes (`autocannon-load.mjs`). Both need `npm run build` first: the
 * service imports `heapgate/probe` from dist/, as a user's service imports the package.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures');
/** The service fixture. */
export const PROBE_SERVICE = path.join(FIXTURES, 'probe-service.mjs');
/** The load-process fixture. */
export const AUTOCANNON_LOAD = path.join(FIXTURES, 'autocannon-load.mjs');

/** A running service process. */
export interface ProbeService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/** How to start the service. */
export interface ProbeServiceOptions {
  /** fastify with `heapProbeFastify` instead of `http.Server` with `mountHeapProbe`. @default false */
  readonly fastify?: boolean;
  /** The probe's token (`HEAPGATE_PROBE_TOKEN`). @default undefined */
  readonly token?: string;
  /** Start it with `--expose-gc`. @default true */
  readonly exposeGc?: boolean;
  /** The probe's `obtainGc` (`HEAPGATE_PROBE_OBTAIN_GC`). @default true */
  readonly obtainGc?: boolean;
}

/** Starts the service and waits until it listens. @throws Error with its output when it exits first */
export async function startProbeService(options: ProbeServiceOptions = {}): Promise<ProbeService> {
  const args = [...(options.exposeGc === false ? [] : ['--expose-gc']), PROBE_SERVICE, ...(options.fastify ? ['--fastify'] : [])];
  const env = {
    ...process.env,
    HEAPGATE_PROBE_TOKEN: options.token ?? '',
    HEAPGATE_PROBE_OBTAIN_GC: options.obtainGc === false ? '0' : '1',
  };
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const port = (JSON.parse(line) as { port?: number }).port;
      if (typeof port === 'number') resolve(port);
    });
    void exited.then(() => reject(new Error(`probe service exited before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What one load process reported. */
export interface LoadResult {
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** A running load process. */
export interface LoadProcess {
  readonly child: ChildProcess;
  /** Resolves at its first response. */
  readonly started: Promise<void>;
  /** Resolves with its totals when it exits 0; rejects otherwise. */
  readonly done: Promise<LoadResult>;
}

/** Starts `node autocannon-load.mjs url requests connections`. */
export function startLoad(url: string, requests: number, connections: number): LoadProcess {
  const child = spawn(process.execPath, [AUTOCANNON_LOAD, url, String(requests), String(connections)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let onStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  let result: LoadResult | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as { event: string } & LoadResult;
    if (event.event === 'started') onStarted();
    if (event.event === 'done') result = event;
  });
  const done = new Promise<LoadResult>((resolve, reject) =>
    child.once('close', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`load process exited ${code}:\n${stderr}`)))),
  );
  // A process that fails before its first response must not leave `started` pending forever.
  void done.then(onStarted, onStarted);
  return { child, started, done };
}
