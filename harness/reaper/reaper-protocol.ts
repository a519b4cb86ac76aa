/**
 * What the CLI tells its reaper, one JSON object per line on the reaper's stdin. The reaper acts
 * only when that pipe closes: when the CLI has exited, whichever way (a SIGKILL included).
 */

/**
 * - `pid`: a child to SIGKILL (Redis, a helper).
 * - `group`: a process group to SIGKILL whole (a measured child and what it started).
 * - `service`: a server to stop gently first: `signal`, then SIGKILL after the grace period
 *   (the PostgreSQL postmaster: SIGINT is its fast shutdown, which also ends its backends).
 * - `dir`: a directory to delete once every process above is gone.
 */
export type ReaperKind = 'pid' | 'group' | 'service' | 'dir';

/** One line of the protocol. */
export type ReaperMessage =
  | {
      readonly op: 'track';
      readonly kind: ReaperKind;
      /** A pid or process group id, or a directory path. */
      readonly value: number | string;
      /** Start time of the pid (see `process-identity.ts`), to never signal a reused pid. */
      readonly startTicks?: number;
      /** For `service`: the first signal. @default 'SIGTERM' */
      readonly signal?: NodeJS.Signals;
    }
  | { readonly op: 'untrack'; readonly kind: ReaperKind; readonly value: number | string };

/** How long the reaper waits for a `service` to exit after its first signal before SIGKILL, in ms. */
export const REAPER_SERVICE_GRACE_MS = 5_000;

/** Parses one line; undefined for anything malformed (ignored: the reaper must not crash). */
export function parseReaperMessage(line: string): ReaperMessage | undefined {
  try {
    const m = JSON.parse(line) as ReaperMessage;
    if ((m.op !== 'track' && m.op !== 'untrack') || !['pid', 'group', 'service', 'dir'].includes(m.kind)) return undefined;
    if (m.kind === 'dir' ? typeof m.value !== 'string' : !Number.isInteger(m.value) || (m.value as number) <= 0) return undefined;
    return m;
  } catch {
    return undefined;
  }
}
