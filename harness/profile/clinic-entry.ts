/**
 * Entry of a measured run under clinic: `node clinic-entry.js <doctor|flame> <dataDir> <child
 * node args…>`, spawned by `runner/run-child.ts` where it would spawn the measured child, and
 * talking to it over IPC as a measured child does. clinic's collectors spawn the process they
 * profile themselves, with plain stdio and no IPC channel, so this process:
 *
 * 1. receives the {@link ChildJob} over IPC and writes it (without its `profile`) to a file in
 *    `dataDir`, the run's scratch directory, which the parent created and removes;
 * 2. runs `node <child node args…>` (the measured child, `probe/child-entry.ts`) under the
 *    collector, in `dataDir`, with `HEAPGATE_CHILD_JOB` / `HEAPGATE_CHILD_RESULT` set: the child
 *    reads its job from the one file and writes its outcome to the other (`probe/file-transport.ts`);
 * 3. renders the collected data as the profile's HTML page and sends the child's outcome on,
 *    with `profilePath` and the whole-process caveat added.
 *
 * The child inherits this process's stdout and stderr (the parent's pipes: its stderr tail and
 * the out-of-memory line reach the run's result) and stays in its process group, which the
 * parent leads it into and kills whole at a timeout, on Ctrl-C, and as soon as this exits.
 * clinic failing is a `failed` run in phase `profile`; the child dying without an outcome makes
 * this exit 1 without one, which the parent records as it records any child that died.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildJob, ChildMessage } from '../probe/child-protocol.js';
import { CHILD_CWD_ENV, CHILD_JOB_ENV, CHILD_RESULT_ENV } from '../probe/file-transport.js';
import { toRunError } from '../probe/to-run-error.js';
import { clinicCaveat } from './clinic-caveat.js';
import { clinicCollector, nodeArgsFor } from './clinic-collector.js';
import { type ClinicProfileKind, isClinicKind, type ProfileKind } from './profile-kind.js';
import { endGroupWhenOrphaned } from '../probe/orphan-guard.js';

async function profileJob(
  kind: ClinicProfileKind,
  dataDir: string,
  childArgs: readonly string[],
  job: ChildJob,
): Promise<ChildMessage | undefined> {
  const { profile, ...childJob } = job;
  if (!profile) throw new Error('the job names no profile');
  const jobFile = path.join(dataDir, 'job.json');
  const resultFile = path.join(dataDir, 'result.json');
  // The job holds the services' endpoints, credentials included: readable by this user only,
  // in a 0700 directory the parent removes (and the reaper, if the parent is SIGKILLed).
  fs.writeFileSync(jobFile, JSON.stringify(childJob satisfies ChildJob), { mode: 0o600 });
  // The collectors pass this process's environment on to the child.
  process.env[CHILD_JOB_ENV] = jobFile;
  process.env[CHILD_RESULT_ENV] = resultFile;
  process.env[CHILD_CWD_ENV] = process.cwd();
  process.chdir(dataDir);
  const collector = clinicCollector(kind, dataDir);
  let collected: string | undefined;
  let collectError: unknown;
  try {
    collected = await collector.collect([...nodeArgsFor(kind, dataDir), ...childArgs]);
  } catch (err) {
    collectError = err;
  }
  if (!fs.existsSync(resultFile)) {
    if (collectError) process.stderr.write(`heapgate clinic: clinic ${kind}: ${(collectError as Error).message}\n`);
    return undefined;
  }
  const outcome = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ChildMessage;
  if (outcome.type !== 'result') return outcome;
  try {
    if (collected === undefined) throw collectError;
    await collector.visualize(collected, profile.path);
  } catch (err) {
    // Also on stderr, with its stack: the parent puts the tail in the failed run's error.
    process.stderr.write(`heapgate clinic: clinic ${kind} could not write ${profile.path}: ${(err as Error)?.stack ?? String(err)}\n`);
    return { type: 'failed', phase: 'profile', error: toRunError(err, { moduleFile: job.scenarioFile }) };
  }
  return { ...outcome, profilePath: profile.path, warnings: [...(outcome.warnings ?? []), clinicCaveat(kind)] };
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (err: Error | null) => (err ? reject(err) : resolve())));
}

const [kindArg, dataDirArg, ...childArgs] = process.argv.slice(2);
let reported = false;

// As in probe/child-entry.ts: the parent gone before the outcome was sent ends the process group
// (this process, the child, its children).
endGroupWhenOrphaned(() => reported);

process.once('message', (job: ChildJob) => {
  process.channel?.unref();
  const kind = kindArg as ProfileKind;
  void (async () => {
    if (!isClinicKind(kind) || !dataDirArg) throw new Error(`usage: clinic-entry.js doctor|flame <dataDir> <node args…>, got ${kindArg}`);
    const message = await profileJob(kind, path.resolve(dataDirArg), childArgs, job);
    if (!message) {
      process.stderr.write('heapgate clinic: the measured child exited without reporting an outcome\n');
      process.exit(1);
    }
    await send(message);
    reported = true;
    process.disconnect?.();
    process.exit(0);
  })().catch((err) => {
    process.stderr.write(`heapgate clinic: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(70);
  });
});
