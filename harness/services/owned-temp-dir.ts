/**
 * Temp directories that name their owner: `heapgate-<kind>-<pid>-<startTicks>-XXXXXX` in the
 * system temp dir, so a later invocation can tell a directory whose owner is gone (killed
 * before any cleanup could run) from one in use, and remove it (`harness/reaper/sweep-stale-temp-dirs.ts`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { identityOf, type ProcessIdentity } from './process-identity.js';

/** `heapgate-<kind>-<pid>-<startTicks>-<random>`; kind is lower-case letters and digits. */
export const OWNED_TEMP_DIR_PATTERN = /^heapgate-([a-z0-9]+)-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Creates a fresh temp dir (mode 0700) named for this process; the caller tracks and removes it. */
export function makeOwnedTempDir(kind: string): string {
  const me = identityOf();
  return fs.mkdtempSync(path.join(os.tmpdir(), `heapgate-${kind}-${me.pid}-${me.startTicks ?? 0}-`));
}

/** The owner a temp dir's name records, or undefined for a name not made by {@link makeOwnedTempDir}. */
export function ownerOfTempDir(name: string): ProcessIdentity | undefined {
  const m = OWNED_TEMP_DIR_PATTERN.exec(name);
  if (!m) return undefined;
  const startTicks = Number(m[3]);
  return startTicks === 0 ? { pid: Number(m[2]) } : { pid: Number(m[2]), startTicks };
}
