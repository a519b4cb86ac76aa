/**
 * What `heapgate profile --with KIND` records, and which tool records it.
 *
 * - `heap`: V8's sampling heap profiler over the measured `run` (Node's own inspector,
 *   `HeapProfiler.startSampling` with the objects later collected kept), a `.heapprofile`.
 * - `cpu`: V8's CPU profiler over the measured `run` (`Profiler.start`), a `.cpuprofile`.
 * - `doctor`: clinic doctor (`@clinic/doctor`) over the whole measured child: event-loop delay,
 *   CPU, memory and handles sampled every 10 ms, with its diagnosis, a standalone `.doctor.html`.
 * - `flame`: clinic flame (`@clinic/flame`, 0x over V8's `--prof`) over the whole measured
 *   child: a flame graph of where CPU time went, a standalone `.flame.html`.
 *
 * Why Node's inspector for `heap` and `cpu`, not clinic heapprofiler or `--heap-prof` /
 * `--cpu-prof`: clinic is no longer actively maintained
 * (https://github.com/clinicjs/node-clinic/issues/474), and the flags profile the whole
 * process (module loading, `setup`, `teardown`) and write only at exit, whereas the measured
 * phase is what a budget judges. The inspector starts the same profilers around the same
 * `run` calls the heap probe measures; Chrome DevTools (Memory / Performance panel) and
 * speedscope open the files as they open `--heap-prof` / `--cpu-prof` output.
 *
 * Why clinic at all, then: doctor's event-loop/CPU/memory diagnosis and flame's inlining-aware
 * flame graph have no inspector equivalent. Both spawn the process they profile themselves, so
 * they see all of it (module loading, `setup`, `teardown` too); heapgate says so wherever it
 * shows one (`harness/profile/clinic-entry.ts` for how the child runs under them).
 */
export type ProfileKind = 'heap' | 'cpu' | 'doctor' | 'flame';

/** Every kind, in the order help lists them. */
export const PROFILE_KINDS: readonly ProfileKind[] = Object.freeze(['heap', 'cpu', 'doctor', 'flame']);

/** The kinds the measured child records itself, through Node's inspector. */
export type InspectorProfileKind = 'heap' | 'cpu';

/** The kinds clinic records, running the measured child under its collector. */
export type ClinicProfileKind = 'doctor' | 'flame';

/** True for the kinds clinic records ({@link ClinicProfileKind}). */
export function isClinicKind(kind: ProfileKind): kind is ClinicProfileKind {
  return kind === 'doctor' || kind === 'flame';
}

/**
 * The npm package each clinic kind loads: the collector the `clinic` CLI itself calls, without
 * the CLI (its other tools, its upload and telemetry prompt). Optional peer dependencies of
 * heapgate (`harness/services/optional-dependency.ts`).
 */
export const CLINIC_PACKAGES = Object.freeze({ doctor: '@clinic/doctor', flame: '@clinic/flame' } as const);

/** File extension of each kind's profile (what DevTools expects; clinic's are standalone HTML pages). */
export const PROFILE_EXTENSIONS: Readonly<Record<ProfileKind, string>> = Object.freeze({
  heap: '.heapprofile',
  cpu: '.cpuprofile',
  doctor: '.doctor.html',
  flame: '.flame.html',
});
