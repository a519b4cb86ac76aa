/**
 * What a process the runner spawned as a process-group leader does when its IPC channel closes
 * before it reported: the parent is gone (killed with SIGKILL, say), nobody will read the run or
 * kill what it started, so it ends its whole group — itself and whatever scenario code (or
 * clinic's collector) spawned.
 */

/** Exit code of a process that ended its group because its parent went away. */
export const ORPHANED_EXIT_CODE = 71;

/** On 'disconnect' before `reported()` is true, SIGKILLs this process's group and exits {@link ORPHANED_EXIT_CODE}. */
export function endGroupWhenOrphaned(reported: () => boolean): void {
  process.once('disconnect', () => {
    if (reported()) return;
    try {
      process.kill(-process.pid, 'SIGKILL');
    } finally {
      process.exit(ORPHANED_EXIT_CODE);
    }
  });
}
