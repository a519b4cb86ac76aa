/**
 * heapgate's per-user cache directory: `$HEAPGATE_CACHE_DIR` when set, else
 * `$XDG_CACHE_HOME/heapgate` or `~/.cache/heapgate` (Linux and other Unixes),
 * `~/Library/Caches/heapgate` (macOS), `%LOCALAPPDATA%\heapgate` (Windows) — where the XDG
 * Base Directory specification and each platform's conventions put caches.
 */
import os from 'node:os';
import path from 'node:path';

/** The cache directory (not created here). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HEAPGATE_CACHE_DIR) return path.resolve(env.HEAPGATE_CACHE_DIR);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'heapgate');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'heapgate');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'heapgate');
}
