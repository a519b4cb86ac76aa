/**
 * heapgate's per-user cache directory: `HEAPGATE_CACHE_DIR` when set, else
 * `$XDG_CACHE_HOME/heapgate` (an absolute `XDG_CACHE_HOME` only, as the XDG Base Directory
 * specification requires), else `~/.cache/heapgate`.
 * https://specifications.freedesktop.org/basedir-spec/latest/
 */
import os from 'node:os';
import path from 'node:path';

/** The cache root for `env` (not created here). */
export function heapgateCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HEAPGATE_CACHE_DIR) return path.resolve(env.HEAPGATE_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'heapgate');
}
