/**
 * Who a pid is: its start time, so a recorded pid is recognised again (or found reused) later,
 * by another process. A pid alone is not an identity: after its owner exits the kernel may
 * hand it to an unrelated process, which a reaper or a stale-lock check must never signal.
 */
import fs from 'node:fs';

/** A process as recorded by another: its pid and, where the platform tells, its start time. */
export interface ProcessIdentity {
  readonly pid: number;
  /**
   * Start time in clock ticks since boot (`/proc/<pid>/stat` field 22, Linux); absent where
   * unknown, and then only the pid is compared.
   */
  readonly startTicks?: number;
}

/** The start time of `pid` in clock ticks since boot (Linux `/proc`), or undefined when unknown or gone. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may itself hold spaces and parens):
    // field 3 (state) is the first; field 22 (starttime) is the 20th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie has exited; only its parent's wait is left
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** The identity of `pid` now (this process by default). */
export function identityOf(pid: number = process.pid): ProcessIdentity {
  const startTicks = processStartTicks(pid);
  return startTicks === undefined ? { pid } : { pid, startTicks };
}

/**
 * Whether the process recorded as `identity` still runs: the pid exists, is not a zombie and,
 * when both start times are known, started at the recorded time (not a reused pid).
 */
export function isRunning(identity: ProcessIdentity): boolean {
  if (!Number.isInteger(identity.pid) || identity.pid <= 0) return false;
  if (fs.existsSync('/proc/self/stat')) {
    const ticks = processStartTicks(identity.pid);
    if (ticks === undefined) return false;
    return identity.startTicks === undefined || identity.startTicks === ticks;
  }
  try {
    process.kill(identity.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
