/**
 * Starts this process's reaper (`reaper-entry.ts`) once and mirrors into it everything the
 * process-wide cleanup tracks (`services/cleanup.ts`), plus the servers to stop gently
 * ({@link reapService}). The reaper runs in a session of its own (`detached`), so a signal to
 * the CLI's process group does not take it along, and is unreferenced, so it never keeps the
 * CLI alive. Its stdin is the pipe whose closing tells it the CLI is gone.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { observeTracking } from '../services/cleanup.js';
import { processStartTicks } from '../services/process-identity.js';
import type { ReaperKind, ReaperMessage } from './reaper-protocol.js';

const REAPER_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'reaper-entry.js');

let send: ((message: ReaperMessage) => void) | undefined;
/** Servers registered before the reaper started; sent when it starts. */
const early = new Map<number, NodeJS.Signals>();

/** The reaper's pid once started (tests look for it), else undefined. */
export let reaperPid: number | undefined;

/**
 * Starts the reaper (idempotent). Does nothing on Windows (no process groups, no SIGKILL
 * semantics to guard against) or when run from TypeScript sources without a build (the entry
 * is the compiled `reaper-entry.js`): the in-process cleanup still runs then.
 */
export function startReaper(): void {
  if (send || process.platform === 'win32' || !fs.existsSync(REAPER_ENTRY)) return;
  const child = spawn(process.execPath, [REAPER_ENTRY], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    cwd: path.parse(REAPER_ENTRY).root,
  });
  child.on('error', () => {});
  const stdin = child.stdin as net.Socket;
  stdin.on('error', () => {});
  child.unref();
  stdin.unref();
  reaperPid = child.pid;
  send = (message) => {
    if (!stdin.destroyed) stdin.write(`${JSON.stringify(message)}\n`);
  };
  for (const [pid, signal] of early) track('service', pid, signal);
  early.clear();
  observeTracking({
    track: (kind, value) => track(kind, value),
    untrack: (kind, value) => send?.({ op: 'untrack', kind, value }),
  });
}

function track(kind: ReaperKind, value: number | string, signal?: NodeJS.Signals): void {
  const startTicks = typeof value === 'number' ? processStartTicks(value) : undefined;
  send?.({ op: 'track', kind, value, ...(startTicks !== undefined ? { startTicks } : {}), ...(signal ? { signal } : {}) });
}

/**
 * Has the reaper stop server `pid` with `signal` (then SIGKILL after a grace period) if this
 * process dies first; for a server that must not be SIGKILLed outright by the in-process
 * cleanup (PostgreSQL, whose orderly stop is the provider's). Returns an unregister function.
 */
export function reapService(pid: number, signal: NodeJS.Signals): () => void {
  if (send) track('service', pid, signal);
  else early.set(pid, signal);
  return () => {
    early.delete(pid);
    send?.({ op: 'untrack', kind: 'service', value: pid });
  };
}
