/**
 * Process-wide teardown: every service, temp dir and child the harness starts is registered
 * here, so it is released on normal exit, on failure, and on SIGINT/SIGTERM (Ctrl-C).
 *
 * Async cleanups (stopping PostgreSQL cleanly) run on signals and on `runCleanups()`; the sync
 * fallbacks (SIGKILL a pid or a process group, delete a directory) also run from the `exit`
 * event, which is the only hook left once something calls `process.exit()`.
 */
import fs from 'node:fs';

type AsyncCleanup = () => Promise<void>;

const asyncCleanups = new Set<AsyncCleanup>();
const tempDirs = new Set<string>();
const syncCleanups = new Set<() => void>();
const pids = new Set<number>();
const groups = new Set<number>();
let installed = false;
let observer: TrackingObserver | undefined;
let running: Promise<void> | undefined;
/** Set once a termination signal has arrived; long loops poll it to stop early. */
export let interrupted: NodeJS.Signals | undefined;

/** Registers an async cleanup; returns a function that unregisters it. */
export function onCleanup(fn: AsyncCleanup): () => void {
  installSignalHandlers();
  asyncCleanups.add(fn);
  return () => asyncCleanups.delete(fn);
}

/** What the process tracks for teardown, as told to a {@link TrackingObserver}. */
export type TrackedKind = 'pid' | 'group' | 'dir';

/**
 * Told about every pid, process group and temp dir as it is tracked and untracked: the reaper
 * (`harness/reaper/`) mirrors them in a watchdog process that cleans up when this one is
 * SIGKILLed, when none of the handlers here can run.
 */
export interface TrackingObserver {
  track(kind: TrackedKind, value: number | string): void;
  untrack(kind: TrackedKind, value: number | string): void;
}

/** Sets the one observer and tells it everything tracked so far. */
export function observeTracking(next: TrackingObserver): void {
  observer = next;
  for (const pid of pids) next.track('pid', pid);
  for (const pgid of groups) next.track('group', pgid);
  for (const dir of tempDirs) next.track('dir', dir);
}

function tracked<T extends number | string>(kind: TrackedKind, set: Set<T>, value: T): () => void {
  installSignalHandlers();
  set.add(value);
  observer?.track(kind, value);
  return () => {
    if (set.delete(value)) observer?.untrack(kind, value);
  };
}

/** Registers a directory to delete when the process ends; returns an unregister function. */
export function trackTempDir(dir: string): () => void {
  return tracked('dir', tempDirs, dir);
}

/**
 * Registers a synchronous cleanup that also runs from the `exit` event (e.g. deleting a file a
 * library left behind); it must not throw. Returns an unregister function.
 */
export function onSyncCleanup(fn: () => void): () => void {
  installSignalHandlers();
  syncCleanups.add(fn);
  return () => syncCleanups.delete(fn);
}

/** Registers a child pid to SIGKILL if it is still alive when the process ends. */
export function trackPid(pid: number): () => void {
  return tracked('pid', pids, pid);
}

/**
 * Registers a process group (the pid of a child spawned with `detached: true`, which leads its
 * own group) to SIGKILL whole when the process ends: the child and whatever it started that
 * stayed in its group. Returns an unregister function.
 */
export function trackProcessGroup(pgid: number): () => void {
  return tracked('group', groups, pgid);
}

/**
 * SIGKILLs every process in group `pgid`; nothing happens when the group is empty. SIGKILL, not
 * SIGTERM: a hung child may ignore or never get to handle SIGTERM, and a measured child is
 * disposable. On Windows, which has no process groups, only the process itself is killed.
 */
export function killProcessGroup(pgid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, 'SIGKILL');
  } catch {
    // ESRCH: every member is gone already
  }
}

/** Runs every registered cleanup once (idempotent), then the sync fallbacks. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    killTrackedPids();
    const all = [...asyncCleanups];
    asyncCleanups.clear();
    // Bounded: a stuck service must not keep a Ctrl-C'd harness alive.
    await Promise.race([Promise.allSettled(all.map((fn) => fn())), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    runSyncCleanups();
  })();
  return running;
}

function killTrackedPids(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  pids.clear();
  for (const pgid of groups) killProcessGroup(pgid);
  groups.clear();
}

/** The synchronous part of teardown: sync cleanups, then temp dirs (also safe in 'exit'). */
function runSyncCleanups(): void {
  for (const fn of syncCleanups) {
    try {
      fn();
    } catch {
      // best effort, as below
    }
  }
  syncCleanups.clear();
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort; nothing else can be done at exit
    }
  }
  tempDirs.clear();
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    // Stopping services resets the connections that seeders and scenario code still hold; their
    // 'error' events and rejections are consequences of this shutdown, and must not crash the
    // process (exit 1, services left running) before the cleanups below have finished.
    const swallow = () => {};
    process.on('uncaughtException', swallow);
    process.on('unhandledRejection', swallow);
    // Quiet when there is nothing to stop (a test worker that only imported a provider).
    if (asyncCleanups.size + pids.size + groups.size + tempDirs.size + syncCleanups.size > 0) {
      process.stderr.write(`\nheapgate: ${signal} received, stopping services and children…\n`);
    }
    void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', () => {
    killTrackedPids();
    runSyncCleanups();
  });
}
