/**
 * How `run-child.ts` starts a run under clinic: `node clinic-entry.js <kind> <dataDir> <the
 * measured child's node args…>` in place of the measured child (see `profile/clinic-entry.ts`),
 * with a scratch directory for clinic's data that the parent owns. It is tracked for cleanup
 * (the reaper removes it too when the harness is SIGKILLed) and removed when the run ends; only
 * the rendered HTML page, written to the profile's path, outlives the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClinicProfileKind } from '../profile/profile-kind.js';
import { trackTempDir } from '../services/cleanup.js';
import { makeOwnedTempDir } from '../services/owned-temp-dir.js';

const CLINIC_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../profile/clinic-entry.js');

/** The clinic entry's node arguments, and the function that removes its scratch directory. */
export interface ClinicSpawn {
  readonly args: readonly string[];
  /** Removes the scratch directory (call once the process has closed). */
  dispose(): void;
}

/** Wraps `childArgs` (flags, then the child entry) in a run of the clinic entry under `kind`. */
export function clinicSpawn(kind: ClinicProfileKind, childArgs: readonly string[]): ClinicSpawn {
  const dir = makeOwnedTempDir('clinic');
  const untrack = trackTempDir(dir);
  return {
    args: [CLINIC_ENTRY, kind, dir, ...childArgs],
    dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
      untrack();
    },
  };
}
