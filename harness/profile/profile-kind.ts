/**
 * What `heapgate profile --with KIND` records, and which tool records it.
 *
 * - `heap`: V8's sampling heap profiler over the measured `run` (Node's own inspector,
 *   `HeapProfiler.startSampling` with the objects later collected kept), a `.heapprofile`.
 * - `cpu`: V8's CPU profiler over the measured `run` (`Profiler.start`), a `.cpuprofile`.
 *
 * Why Node's inspector for `heap` and `cpu`, not clinic heapprofiler or `--heap-prof` /
 * `--cpu-prof`: clinic is no longer actively maintained
 * (https://github.com/clinicjs/node-clinic/issues/474), and the flags profile the whole
 * process (module loading, `setup`, `teardown`) and write only at exit, whereas the measured
 * phase is what a budget judges. The inspector starts the same profilers around the same
 * `run` calls the heap probe measures; Chrome DevTools (Memory / Performance panel) and
 * speedscope open the files as they open `--heap-prof` / `--cpu-prof` output.
 */
export type ProfileKind = 'heap' | 'cpu';

/** Every kind, in the order help lists them. */
export const PROFILE_KINDS: readonly ProfileKind[] = Object.freeze(['heap', 'cpu']);

/** The kinds the measured child records itself, through Node's inspector. */
export type InspectorProfileKind = 'heap' | 'cpu';

/** File extension of each kind's profile (what DevTools expects). */
export const PROFILE_EXTENSIONS: Readonly<Record<ProfileKind, string>> = Object.freeze({
  heap: '.heapprofile',
  cpu: '.cpuprofile',
});
