/**
 * The measured child's second transport, for a child that clinic spawns (`@clinic/doctor` and
 * `@clinic/flame` start the process they profile with plain stdio, no IPC channel): the job
 * comes from the JSON file named by `HEAPGATE_CHILD_JOB`, the outcome (the final `result` or
 * `failed` message, as it would have been sent) goes to the file named by
 * `HEAPGATE_CHILD_RESULT`. `harness/profile/clinic-entry.ts` writes the one and reads the other.
 *
 * `child-entry.ts` loads this module only when `HEAPGATE_CHILD_JOB` is set, so a child on the
 * IPC path loads nothing more. `measured` and `progress` messages have no channel here and are
 * dropped: a clinic run has no spare process and no live progress.
 */
import fs from 'node:fs';
import type { ChildJob, ChildMessage } from './child-protocol.js';

/** Environment variable naming the job file (JSON of a {@link ChildJob}). */
export const CHILD_JOB_ENV = 'HEAPGATE_CHILD_JOB';
/** Environment variable naming the file the outcome ({@link ChildMessage}, JSON) is written to. */
export const CHILD_RESULT_ENV = 'HEAPGATE_CHILD_RESULT';
/**
 * Environment variable naming the directory the child works in. clinic's collectors run the
 * child in their scratch directory (0x and Node's trace events write beside the working
 * directory); the child moves back to the directory an IPC child would have, before any
 * scenario code runs.
 */
export const CHILD_CWD_ENV = 'HEAPGATE_CHILD_CWD';

/**
 * How long a profiler that flushes on `beforeExit` (clinic doctor's sampler) may take before the
 * child exits anyway, in milliseconds: scenario code may leave handles open, so the child ends
 * itself as an IPC child does, but only once the profile is on disk.
 */
export const PROFILER_FLUSH_MS = 10_000;

/** Runs the job of the file named by `jobFile` with `run`, writes its outcome, and exits. */
export async function runFileJob(jobFile: string, run: (job: ChildJob) => Promise<ChildMessage>, onJob: () => void): Promise<never> {
  const resultFile = process.env[CHILD_RESULT_ENV];
  const cwd = process.env[CHILD_CWD_ENV];
  // Processes scenario code starts are not measured children.
  delete process.env[CHILD_JOB_ENV];
  delete process.env[CHILD_RESULT_ENV];
  delete process.env[CHILD_CWD_ENV];
  try {
    if (!resultFile) throw new Error(`${CHILD_JOB_ENV} is set but ${CHILD_RESULT_ENV} is not`);
    if (cwd) process.chdir(cwd);
    const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as ChildJob;
    onJob();
    const outcome = await run(job);
    // Written whole, then renamed: the reader never sees half a result.
    fs.writeFileSync(`${resultFile}.partial`, JSON.stringify(outcome));
    fs.renameSync(`${resultFile}.partial`, resultFile);
  } catch (err) {
    process.stderr.write(`heapgate child: could not run the job in ${jobFile}: ${(err as Error).message}\n`);
    process.exit(70);
  }
  return exitAfterFlush();
}

/**
 * Exits 0 once the profilers that flush on `beforeExit` are done. `process.exit()` skips
 * `beforeExit`, and clinic doctor writes its last samples there (`@clinic/doctor/injects/sampler.js`),
 * so it is emitted first; doctor's handler exits when its file is closed. Emitting it by hand
 * is what doctor itself does on SIGINT.
 */
function exitAfterFlush(): Promise<never> {
  if (process.listenerCount('beforeExit') > 0) {
    setTimeout(() => process.exit(0), PROFILER_FLUSH_MS);
    process.emit('beforeExit', 0);
    return new Promise<never>(() => {});
  }
  process.exit(0);
}
