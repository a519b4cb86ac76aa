/** What a clinic profile covers, said wherever one is shown (console, report, run warnings). */
import type { ClinicProfileKind } from './profile-kind.js';

/** The warning a clinic-profiled run carries: what the profile covers, and what its figures include. */
export function clinicCaveat(kind: ClinicProfileKind): string {
  return `profiled by clinic ${kind}: the profile covers the whole child process (module loading, setup and teardown too, not only the measured run), and its figures include clinic's overhead`;
}
