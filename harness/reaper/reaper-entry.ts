/**
 * The reaper: a small detached watchdog in the manner of testcontainers' Ryuk
 * (https://github.com/testcontainers/moby-ryuk), which removes a test session's containers once
 * the connection from the session drops. Started by the CLI (`start-reaper.ts`) in a session of
 * its own, it reads what the CLI tracks from its stdin (`reaper-protocol.ts`); when the pipe
 * closes, the CLI is gone. An orderly exit has untracked everything by then, and nothing is
 * done. After a SIGKILL, the OOM killer or a crash, it stops every service and child left,
 * removes their temp dirs and exits. It imports nothing heavy and never prints.
 */
import fs from 'node:fs';
import { isRunning, type ProcessIdentity } from '../services/process-identity.js';
import { parseReaperMessage, REAPER_SERVICE_GRACE_MS, type ReaperKind } from './reaper-protocol.js';

interface Entry extends ProcessIdentity {
  readonly signal: NodeJS.Signals;
}

const processes: Record<Exclude<ReaperKind, 'dir'>, Map<number, Entry>> = {
  pid: new Map(),
  group: new Map(),
  service: new Map(),
};
const dirs = new Set<string>();

// Detached and without a terminal, but a signal sent to the whole session (or a stray Ctrl-C)
// must not end the reaper before the CLI's pipe closes.
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {});

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  let newline = pending.indexOf('\n');
  while (newline >= 0) {
    apply(pending.slice(0, newline));
    pending = pending.slice(newline + 1);
    newline = pending.indexOf('\n');
  }
});
process.stdin.on('error', () => {});
process.stdin.on('close', () => void reap().finally(() => process.exit(0)));

function apply(line: string): void {
  const m = parseReaperMessage(line);
  if (!m) return;
  if (m.kind === 'dir') {
    if (m.op === 'track') dirs.add(m.value as string);
    else dirs.delete(m.value as string);
    return;
  }
  const map = processes[m.kind];
  const pid = m.value as number;
  if (m.op === 'untrack') map.delete(pid);
  else
    map.set(pid, {
      pid,
      ...(m.startTicks !== undefined ? { startTicks: m.startTicks } : {}),
      signal: m.kind === 'service' ? (m.signal ?? 'SIGTERM') : 'SIGKILL',
    });
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // ESRCH: gone already
  }
}

/** A pid that exists but started at another time than recorded is someone else's now. */
function reused(entry: ProcessIdentity): boolean {
  return !isRunning(entry) && isRunning({ pid: entry.pid });
}

async function reap(): Promise<void> {
  const services = [...processes.service.values()].filter(isRunning);
  for (const s of services) signal(s.pid, s.signal);
  for (const p of processes.pid.values()) if (isRunning(p)) signal(p.pid, 'SIGKILL');
  // A group outlives its leader; its id is not reused while any member lives (see README, "Reaper").
  for (const g of processes.group.values()) if (!reused(g)) signal(-g.pid, 'SIGKILL');
  const deadline = Date.now() + REAPER_SERVICE_GRACE_MS;
  while (services.some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const s of services) if (isRunning(s)) signal(s.pid, 'SIGKILL');
  // Directories last: a server still writing into its directory would recreate files in it.
  const killedAt = Date.now();
  while (services.some(isRunning) && Date.now() - killedAt < 2_000) await new Promise((r) => setTimeout(r, 20));
  for (const dir of dirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // nothing else can be done
    }
  }
}
