/**
 * heapgate's per-user cache directory: `HEAPGATE_CACHE_DIR` when set; else
 * `~/Library/Caches/heapgate` (macOS), `%LOCALAPPDATA%\heapgate` (Windows); else
 * `$XDG_CACHE_HOME/heapgate` (an absolute `XDG_CACHE_HOME` only, as the XDG Base Directory
 * specification requires), else `~/.cache/heapgate` — where each platform's conventions put caches.
 * https://specifications.freedesktop.org/basedir-spec/latest/
 * Used by the embedded PostgreSQL's persistent cluster and by `--against`'s install/build cache.
 */
import os from 'node:os';
import path from 'node:path';

/** The cache root for `env` on `platform` (not created here). */
export function heapgateCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HEAPGATE_CACHE_DIR) return path.resolve(env.HEAPGATE_CACHE_DIR);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'heapgate');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'heapgate');
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'heapgate');
}
