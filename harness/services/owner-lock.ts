/**
 * A lock file naming the process that holds it (pid and start time), for a directory one
 * invocation at a time may use: the persistent PostgreSQL cluster. Taken with `O_EXCL`; a lock
 * whose owner no longer runs (SIGKILL, the OOM killer, a power cut) is stale and taken over.
 *
 * Not a kernel lock (Node has no `flock`): two invocations that find the same stale lock in the
 * same instant could both take it over. The PostgreSQL cluster has a second guard for that
 * case: a postmaster refuses to start on a data directory whose `postmaster.pid` names a live
 * postmaster, and the caller then falls back to a temporary cluster.
 */
import fs from 'node:fs';
import { identityOf, isRunning, type ProcessIdentity } from './process-identity.js';

/** A held lock; {@link OwnerLock.release} removes the file if it is still ours. */
export interface OwnerLock {
  readonly file: string;
  /** Removes the lock file when it still names this process (idempotent). */
  release(): void;
}

/** What {@link tryOwnerLock} returns when another live process holds the lock. */
export interface LockHeld {
  readonly heldBy: ProcessIdentity;
}

/** The owner a lock file names, or undefined when it is unreadable or malformed (a torn write). */
export function readLockOwner(file: string): ProcessIdentity | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessIdentity;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock `file` for this process, taking over a stale one (its owner gone, or the file
 * malformed). `beforeTakeover` runs first on a stale lock (to stop what the dead owner left
 * running). Returns {@link LockHeld} when a live process holds it.
 */
export function tryOwnerLock(file: string, beforeTakeover: (owner: ProcessIdentity | undefined) => void = () => {}): OwnerLock | LockHeld {
  const me = identityOf();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return ownerLock(file, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readLockOwner(file);
    if (owner && isRunning(owner)) return { heldBy: owner };
    beforeTakeover(owner);
    fs.rmSync(file, { force: true });
  }
  const owner = readLockOwner(file);
  return { heldBy: owner ?? { pid: 0 } };
}

function ownerLock(file: string, me: ProcessIdentity): OwnerLock {
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      const owner = readLockOwner(file);
      if (owner?.pid === me.pid && owner.startTicks === me.startTicks) fs.rmSync(file, { force: true });
    },
  };
}
