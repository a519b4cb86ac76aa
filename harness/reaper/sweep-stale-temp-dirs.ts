/**
 * Removes heapgate temp dirs whose owner is gone: what an invocation killed before its reaper
 * existed (or with its reaper) left in the system temp dir. Only directories named by
 * `makeOwnedTempDir` are considered, and only when the pid (and start time) their name records
 * no longer runs. A PostgreSQL still running on such a directory is stopped first.
 *
 * Versions before the owned names (`heapgate-pg-XXXXXX`, `heapgate-redis-XXXXXX`,
 * `heapgate-s3-XXXXXX`, plain `mkdtemp`) recorded no owner: such a directory counts as stale
 * once nothing in it (three levels down) has changed for {@link LEGACY_MAX_AGE_MS} — no
 * invocation runs that long, and one under way touches its directories far more often.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerOfTempDir } from '../services/owned-temp-dir.js';
import { isRunning } from '../services/process-identity.js';
import { livePostmaster } from '../services/postgres-cluster-cache.js';

/** An unowned (legacy) heapgate temp dir unchanged this long is stale: 24 h. */
export const LEGACY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The names `mkdtemp` gave the services' dirs before they recorded an owner. */
const LEGACY_TEMP_DIR_PATTERN = /^heapgate-(pg|redis|s3)-[A-Za-z0-9]{6}$/;

/**
 * Removes stale heapgate temp dirs in `tmp`; returns the paths removed.
 * @param now The time legacy dirs' ages are measured from, in ms since the epoch. @default Date.now()
 */
export function sweepStaleTempDirs(tmp: string = os.tmpdir(), now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const dir = path.join(tmp, name);
    const owner = ownerOfTempDir(name);
    if (owner ? isRunning(owner) : !staleLegacyDir(dir, name, now)) continue;
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

/** A legacy (unowned) service dir nothing has changed in for {@link LEGACY_MAX_AGE_MS}. */
function staleLegacyDir(dir: string, name: string, now: number): boolean {
  if (!LEGACY_TEMP_DIR_PATTERN.test(name)) return false;
  try {
    return now - newestChange(dir, 3) > LEGACY_MAX_AGE_MS;
  } catch {
    return false; // unreadable: not ours to judge
  }
}

/** The latest mtime of `dir` and what lies under it, `depth` levels down, in ms since the epoch. */
function newestChange(dir: string, depth: number): number {
  let newest = fs.statSync(dir).mtimeMs;
  if (depth === 0) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(at, depth - 1) : fs.lstatSync(at).mtimeMs);
  }
  return newest;
}
