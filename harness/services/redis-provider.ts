/**
 * Redis for scenarios and tests, in the shared order (README, "Services"):
 * `REDIS_URL` → testcontainers when a Docker engine answers → a `redis-server` binary on PATH,
 * started on a free loopback port with a random password and a temp dir, always stopped after.
 *
 * The binary provider can restart a server on the same port with the same password (options
 * `port` and `password`), so a test can take Redis away in the middle of a run and bring it back
 * at the address its clients keep reconnecting to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ServiceError } from '../errors.js';
import type { RedisEndpoint } from '../scenario/types.js';
import { trackPid, trackTempDir } from './cleanup.js';
import { makeOwnedTempDir } from './owned-temp-dir.js';
import { freeLoopbackPort, randomSecret, redactUrl } from './net.js';
import { importOptional } from './optional-dependency.js';
import type { ServiceHandle, StartedService } from './service-handle.js';
import { type ServiceProvider, type ServiceProviderOptions, startService } from './service-provider.js';

/** Options for {@link startRedis}: `env` is read for `REDIS_URL`, `HEAPGATE_SERVICES`, `DOCKER_HOST` and `PATH`. */
export interface RedisProviderOptions extends ServiceProviderOptions {
  /**
   * Loopback port for the `redis-server` binary provider (restarting a server where its clients
   * expect it). Ignored by the other providers. @default a free port
   */
  readonly port?: number;
  /** Password for the binary provider (with `port`, to restart the same endpoint). @default random */
  readonly password?: string;
  /** Overrides the `redis-server` lookup (tests); `undefined` result means "not installed". @default {@link findRedisServer} */
  readonly findBinary?: (env: NodeJS.ProcessEnv) => string | undefined;
  /** How long to wait for the binary's server to answer PING, in milliseconds. @default 15000 */
  readonly readyTimeoutMs?: number;
}

const REDIS_IMAGE = 'redis:7-alpine';

/** The three ways to provide Redis, for error messages. */
export const REDIS_ALTERNATIVES =
  'Provide Redis in one of three ways: set REDIS_URL=redis://[:password@]host:port to a server you run ' +
  `(docker/compose.yaml has one); run a Docker engine so testcontainers can start ${REDIS_IMAGE}; ` +
  'or install the redis-server binary (Debian/Ubuntu: `apt-get install -y redis-server`) so it is on PATH.';

/** Directories searched for `redis-server` besides PATH (Debian installs it in /usr/bin). */
const EXTRA_BINARY_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** Finds an executable `redis-server` on PATH or in the usual system directories. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_BINARY_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const NO_REDIS = `no REDIS_URL, no Docker engine, and no redis-server binary found. ${REDIS_ALTERNATIVES}`;

/**
 * Redis's provider for {@link startService}; `selectProvider` with it picks without
 * starting, and throws naming the three ways to provide Redis when none is available.
 */
export const redisProvider: ServiceProvider<RedisEndpoint, 'binary', RedisProviderOptions> = {
  service: 'redis',
  urlVariable: 'REDIS_URL',
  local: 'binary',
  localUnavailable: (env, options) => ((options.findBinary ?? findRedisServer)(env) ? undefined : NO_REDIS),
  containerName: 'Redis',
  localName: 'a redis-server binary',
  connect: (url) => connectExisting(url),
  startContainer: () => startContainer(),
  startLocal: async ({ env, log, options }) => {
    const binary = (options.findBinary ?? findRedisServer)(env);
    if (binary === undefined) throw new ServiceError('redis', NO_REDIS);
    return startBinary(binary, options, log);
  },
};

/** Starts (or connects to) Redis and checks it answers PING. Always `stop()` the handle. */
export function startRedis(options: RedisProviderOptions = {}): Promise<ServiceHandle<RedisEndpoint>> {
  return startService(redisProvider, options);
}

/** Sends PING (and AUTH first when the URL has a password); resolves with the server version. */
async function pingVersion(url: string, timeoutMs: number): Promise<string> {
  const { Redis } = await importOptional<typeof import('ioredis')>('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis 6.0.0's connect() rejects with a bare "Connection is closed." whenever the connection
  // closes before 'ready' (built/Redis.js); why it closed (e.g. the server's WRONGPASS reply)
  // reaches only 'error' listeners. So the first error seen is kept to explain the rejection.
  // (The bare rejection: https://github.com/redis/ioredis/issues/1989.)
  let firstError: Error | undefined;
  client.on('error', (err: Error) => {
    firstError ??= err;
  });
  try {
    await client.connect().catch((err: Error) => {
      throw firstError && firstError.message !== err.message ? new Error(`${firstError.message} (${err.message})`, { cause: err }) : err;
    });
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${String(pong)}`);
    const info = await client.info('server');
    return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}

async function connectExisting(url: string): Promise<StartedService<RedisEndpoint>> {
  try {
    return { endpoint: { url }, version: await pingVersion(url, 10_000) };
  } catch (cause) {
    throw new ServiceError('redis', `cannot reach REDIS_URL ${redactUrl(url)}: ${(cause as Error).message}`, { cause });
  }
}

async function startContainer(): Promise<StartedService<RedisEndpoint>> {
  const { RedisContainer } = await importOptional<typeof import('@testcontainers/redis')>('@testcontainers/redis');
  const password = randomSecret();
  const container = await new RedisContainer(REDIS_IMAGE).withPassword(password).start();
  const stop = async () => {
    await container.stop();
  };
  const url = `redis://:${encodeURIComponent(password)}@${container.getHost()}:${container.getPort()}`;
  try {
    return { endpoint: { url }, version: await pingVersion(url, 10_000), stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

async function startBinary(
  binary: string,
  options: RedisProviderOptions,
  log: (m: string) => void,
): Promise<StartedService<RedisEndpoint>> {
  const port = options.port ?? (await freeLoopbackPort());
  const password = options.password ?? randomSecret();
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new TypeError(`port must be a TCP port number, got ${port}`);
  if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new TypeError('password must be URL-safe ([A-Za-z0-9_-]+)');
  log(`redis: starting ${binary} on 127.0.0.1:${port}…`);
  const dir = makeOwnedTempDir('redis');
  const untrackDir = trackTempDir(dir);
  // No persistence (`save ""`, no AOF): the data is a cache, regenerated every run, and the
  // temp dir only receives what Redis insists on writing. The configuration goes in on stdin
  // (`redis-server -`), not argv: any local user can read a process's command line, and the
  // password sat there until Redis rewrote its process title.
  const config = [
    'bind 127.0.0.1',
    `port ${port}`,
    `requirepass ${password}`,
    `dir ${JSON.stringify(dir)}`,
    'save ""',
    'appendonly no',
    'daemonize no',
    'protected-mode yes',
    'logfile ""',
  ].join('\n');
  const child = spawn(binary, ['-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.on('error', () => {}); // a binary that exits at once closes the pipe; 'exit' reports it
  child.stdin!.end(`${config}\n`);
  const untrackPid = child.pid === undefined ? () => {} : trackPid(child.pid);
  const logTail: string[] = [];
  const keep = (chunk: Buffer) => {
    logTail.push(chunk.toString());
    if (logTail.length > 40) logTail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let spawnError: Error | undefined;
  // A failed spawn (ENOENT, EACCES) emits 'error' and never 'exit'.
  const spawnFailed = new Promise<void>((resolve) =>
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    }),
  );
  const stopServer = async () => {
    if (!spawnError) await terminate(child, Promise.race([exited, spawnFailed]));
    untrackPid();
    fs.rmSync(dir, { recursive: true, force: true });
    untrackDir();
  };
  const url = `redis://:${password}@127.0.0.1:${port}`;
  try {
    const version = await waitForPing(
      url,
      readyTimeoutMs,
      () => spawnError ?? (child.exitCode !== null ? new Error(`redis-server exited with code ${child.exitCode}`) : undefined),
    );
    log(`redis: redis-server ${version} ready on 127.0.0.1:${port}`);
    return { endpoint: { url }, version, stop: stopServer };
  } catch (cause) {
    await stopServer().catch(() => {});
    throw new ServiceError(
      'redis',
      `redis-server (${binary}) failed to start on 127.0.0.1:${port}: ${(cause as Error).message}\n${logTail.join('').slice(-2000)}\n` +
        REDIS_ALTERNATIVES,
      { cause },
    );
  }
}

/** Polls PING until the server answers, the deadline passes, or `failed()` reports an error. */
async function waitForPing(url: string, timeoutMs: number, failed: () => Error | undefined): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const err = failed();
    if (err) throw err;
    if (await portOpen(url)) {
      try {
        return await pingVersion(url, 2_000);
      } catch (e) {
        last = e;
      }
    }
    if (Date.now() > deadline) throw new Error(`no PING reply within ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something accepts TCP connections at the URL's host and port (cheap pre-check). */
function portOpen(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
