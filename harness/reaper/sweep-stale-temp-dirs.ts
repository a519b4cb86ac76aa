/**
 * Removes heapgate temp dirs whose owner is gone: what an invocation killed before its reaper
 * existed (or with its reaper) left in the system temp dir. Only directories named by
 * `makeOwnedTempDir` are considered, and only when the pid (and start time) their name records
 * no longer runs. A PostgreSQL still running on such a directory is stopped first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerOfTempDir } from '../services/owned-temp-dir.js';
import { isRunning } from '../services/process-identity.js';
import { livePostmaster } from '../services/postgres-cluster-cache.js';

/** Removes stale heapgate temp dirs in `tmp`; returns the paths removed. */
export function sweepStaleTempDirs(tmp: string = os.tmpdir()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = ownerOfTempDir(name);
    if (!owner || isRunning(owner)) continue;
    const dir = path.join(tmp, name);
    const postmaster = livePostmaster(path.join(dir, 'data'));
    if (postmaster) {
      // A throwaway cluster nobody will connect to again: no need for an orderly shutdown.
      try {
        process.kill(postmaster.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      removed.push(dir);
    } catch {
      // not ours to remove after all (permissions): leave it
    }
  }
  return removed;
}
