/**
 * The spare measured child: the next run's process, started as soon as the current run's
 * measured phase is over, so that Node's start-up (most of a run's overhead:
 * `bench/run-overhead.bench.ts`) overlaps the current child's closing GC, teardown and exit
 * instead of following them. At most one spare exists; it is only ever started after a
 * measured phase has ended and is taken before the next one begins, so no measured phase
 * shares the machine with a booting harness process.
 *
 * A spare is keyed by everything its process was started with (node flags, environment): a
 * run that needs another key discards it and starts its own. An idle spare does nothing (it
 * waits for its job over IPC) and never keeps the harness alive; it is killed with its process
 * group when discarded, at `discardSpareChild` (the session's close), through the cleanup
 * registry on Ctrl-C or exit, and by itself when the harness disappears (its channel closes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { epochMs } from '../probe/child-timings.js';
import { killProcessGroup, trackProcessGroup } from '../services/cleanup.js';

/** How a measured child process is started. */
export interface ChildSpawnSpec {
  /** Node's arguments: flags, then the child entry. */
  readonly args: readonly string[];
  /** Environment variables besides the parent's. @default none */
  readonly env?: Readonly<Record<string, string>>;
}

/** A started measured child and the function that stops tracking its process group. */
export interface SpawnedChild {
  readonly child: ChildProcess;
  readonly untrack: () => void;
  /** When it was spawned (`epochMs`). */
  readonly spawnedAt: number;
}

interface Spare extends SpawnedChild {
  readonly key: string;
  readonly onExit: () => void;
}

let spare: Spare | undefined;

const keyOf = (spec: ChildSpawnSpec): string => JSON.stringify([spec.args, spec.env ?? null]);

const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null && child.connected;

/** Starts `node <spec.args>` as a measured child: its own process group, piped output, an IPC channel. */
export function spawnMeasuredChild(spec: ChildSpawnSpec): SpawnedChild {
  const spawnedAt = epochMs();
  // Windows has no process groups, and `detached` there opens a console instead.
  const child = spawn(process.execPath, spec.args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: process.platform !== 'win32',
    ...(spec.env ? { env: { ...process.env, ...spec.env } } : {}),
  });
  const pid = child.pid;
  return { child, untrack: pid ? trackProcessGroup(pid) : () => {}, spawnedAt };
}

/** Handles of `child` that keep the event loop alive: the process, its channel, its pipes. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  const handles = [child, child.channel, child.stdout as Socket | null, child.stderr as Socket | null];
  for (const h of handles) {
    if (!h) continue;
    if (referenced) h.ref?.();
    else h.unref?.();
  }
}

/** Starts a spare for `spec`, unless one for it is already waiting (any other is discarded). */
export function prepareSpareChild(spec: ChildSpawnSpec): void {
  const key = keyOf(spec);
  if (spare && spare.key === key && alive(spare.child)) return;
  discardSpareChild();
  const started = spawnMeasuredChild(spec);
  setReferenced(started.child, false);
  const onExit = () => {
    if (spare?.child !== started.child) return;
    spare = undefined;
    started.untrack();
  };
  started.child.once('exit', onExit);
  // A spare that could not start reports it at adoption (it is not alive): nothing to throw here.
  started.child.on('error', () => {});
  spare = { ...started, key, onExit };
}

/** The waiting spare when it was started for `spec` and is still alive; otherwise discards it and returns undefined. */
export function takeSpareChild(spec: ChildSpawnSpec): SpawnedChild | undefined {
  const s = spare;
  if (!s) return undefined;
  if (s.key !== keyOf(spec) || !alive(s.child)) {
    discardSpareChild();
    return undefined;
  }
  spare = undefined;
  s.child.removeListener('exit', s.onExit);
  setReferenced(s.child, true);
  return { child: s.child, untrack: s.untrack, spawnedAt: s.spawnedAt };
}

/** The waiting spare's pid, if one is waiting (diagnostics and tests). */
export function waitingSparePid(): number | undefined {
  return spare?.child.pid;
}

/** Kills the waiting spare, if any, with its process group. */
export function discardSpareChild(): void {
  const s = spare;
  if (!s) return;
  spare = undefined;
  s.child.removeListener('exit', s.onExit);
  if (s.child.pid) killProcessGroup(s.child.pid);
  s.untrack();
}
