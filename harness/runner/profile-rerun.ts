/**
 * Re-running a measured variant once under a profiler: the evidence behind a failing heap
 * budget, written beside the report (as `snapshot-rerun.ts` is for a failing leak budget).
 * Which variants deserve one is the caller's judgement.
 */
import path from 'node:path';
import { PROFILE_EXTENSIONS, type InspectorProfileKind } from '../profile/profile-kind.js';
import type { ProfileFile } from '../results/results-document.js';
import { interrupted } from '../services/cleanup.js';
import type { MeasuredRecords } from './execute-plan.js';

/**
 * Runs `variant` of `measured` once more (an extra run, not a measured repeat) with the `kind`
 * profiler over its measured phase, writing `<dir>/<scenario>-<variant>-<records><extension>`,
 * and logs why.
 *
 * @param reason Starts the log line and is recorded with the profile, e.g. `heap budget failed`.
 * @returns The profile; undefined when interrupted, not prepared, or the child wrote none.
 */
export async function rerunWithProfile(
  measured: MeasuredRecords,
  variant: string,
  dir: string,
  kind: InspectorProfileKind,
  reason: string,
): Promise<ProfileFile | undefined> {
  if (interrupted || !measured.prepared) return undefined;
  const name = measured.scenario.definition.name;
  const file = path.join(dir, `${name}-${variant}-${measured.records}${PROFILE_EXTENSIONS[kind]}`);
  measured.log(`${reason} for ${name} ${variant} ${measured.records}: writing ${kind} profile ${file}`);
  const run = await measured.extraRun(variant, { profile: { kind, path: file } });
  return run.profilePath ? { scenario: name, variant, records: measured.records, kind, path: run.profilePath, reason } : undefined;
}

/** The profiles measured runs wrote (each run's `profilePath`), recorded with `reason`. */
export function profilesOfRuns(
  runs: readonly { scenario: string; variant: string; records: number; profilePath?: string }[],
  kind: ProfileFile['kind'],
  reason: string,
): ProfileFile[] {
  return runs.flatMap((r) =>
    r.profilePath ? [{ scenario: r.scenario, variant: r.variant, records: r.records, kind, path: r.profilePath, reason }] : [],
  );
}
