/**
 * Re-running a measured variant once with a heap snapshot: the evidence behind a failing
 * retained-heap budget, written beside the report. Which variants deserve one is the caller's
 * judgement (the gate decides after judging a record count's runs).
 */
import path from 'node:path';
import { interrupted } from '../services/cleanup.js';
import type { MeasuredRecords } from './execute-plan.js';

/**
 * Runs `variant` of `measured` once more (an extra run, not a measured repeat) writing
 * `<dir>/<scenario>-<variant>-<records>.heapsnapshot` after its closing GC, and logs why.
 *
 * @param reason Starts the log line, e.g. `leak budget failed`.
 * @returns The snapshot's path; undefined when interrupted, not prepared, or the child wrote none.
 */
export async function rerunWithSnapshot(
  measured: MeasuredRecords,
  variant: string,
  dir: string,
  reason: string,
): Promise<string | undefined> {
  if (interrupted || !measured.prepared) return undefined;
  const name = measured.scenario.definition.name;
  const file = path.join(dir, `${name}-${variant}-${measured.records}.heapsnapshot`);
  measured.log(`${reason} for ${name} ${variant} ${measured.records}: writing heap snapshot ${file}`);
  const run = await measured.extraRun(variant, { snapshotPath: file });
  return run.snapshotPath;
}
