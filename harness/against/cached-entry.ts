/**
 * One entry of a content-keyed cache directory, filled at most once: a producer writes into a
 * private staging directory, which is renamed into place when complete. Concurrent invocations
 * that miss together each produce; the first rename wins and the others discard theirs, so a
 * reader never sees a half-written entry. An entry without its completion marker (a crash
 * between rename and marker cannot happen: the marker is written before the rename) is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { trackTempDir } from '../services/cleanup.js';

/** Name of the file that marks an entry complete. */
export const COMPLETE_MARKER = '.heapgate-complete';

/** Where a cache entry is and whether it was already there. */
export interface CacheEntry {
  readonly dir: string;
  readonly hit: boolean;
}

/**
 * Returns `<root>/<key>`, running `produce(staging)` first when it is not complete.
 * @param produce Fills `staging` (an empty directory); throwing leaves no entry behind.
 */
export async function cachedEntry(root: string, key: string, produce: (staging: string) => Promise<void>): Promise<CacheEntry> {
  const dir = path.join(root, key);
  if (fs.existsSync(path.join(dir, COMPLETE_MARKER))) return { dir, hit: true };
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  // An incomplete entry is what an older, interrupted layout left: rebuild it.
  if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
  const staging = fs.mkdtempSync(path.join(root, `${key}.staging-`));
  const untrack = trackTempDir(staging);
  try {
    await produce(staging);
    fs.writeFileSync(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another invocation filled the entry first: use theirs.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !fs.existsSync(path.join(dir, COMPLETE_MARKER))) throw error;
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return { dir, hit: false };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    untrack();
  }
}
