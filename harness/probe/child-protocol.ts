/**
 * Messages between the parent runner and a measured child: over the Node IPC channel, or, for a
 * child run under clinic (which spawns it without one), through files (`file-transport.ts`).
 */
import type { Counters, RunContext } from '../scenario/types.js';
import type { Metrics, RunError, Timeline } from '../results/results-document.js';
import type { ChildProgress } from './child-progress.js';
import type { ChildTimings } from './child-timings.js';
import type { ProfileKind } from '../profile/profile-kind.js';

/** Parent → child: what to run — the variant's whole {@link RunContext}, plus where and how. */
export interface ChildJob extends RunContext {
  readonly type: 'job';
  /** Absolute path of the compiled scenario module. */
  readonly scenarioFile: string;
  readonly sampleIntervalMs: number;
  /** Write a heap snapshot to this path after the closing GC, when set. */
  readonly snapshotPath?: string;
  /** Calls of `run` against the same setup state, a settled heap reading after each. @default 1 */
  readonly iterations?: number;
  /**
   * Profile with this profiler and write the profile to `path`, when set: the measured `run`
   * calls for an inspector kind (the child does it), the whole child for a clinic kind (the
   * clinic entry does it, and hands the child the job without this field).
   */
  readonly profile?: { readonly kind: ProfileKind; readonly path: string };
}

/** Child → parent: the measured result, or the error the variant threw. */
export type ChildMessage =
  | {
      readonly type: 'result';
      readonly metrics: Metrics;
      readonly counters: Counters;
      readonly timeline: Timeline;
      readonly snapshotPath?: string;
      /** The profile written (the job's `profile.path`), when the job asked for one. */
      readonly profilePath?: string;
      /** Things the harness dropped or corrected, e.g. a counter that was not a number. */
      readonly warnings?: readonly string[];
      /** With more than one iteration: used heap after each iteration's settling GC minus the baseline, in bytes. */
      readonly retainedPerIteration?: readonly number[];
      /** When each step of the child happened, for the per-run overhead breakdown (`RunChildOptions.onOverhead`). */
      readonly timings?: ChildTimings;
    }
  /** `profile`: the run finished, but clinic could not collect or render its profile. */
  | { readonly type: 'failed'; readonly error: RunError; readonly phase: 'load' | 'setup' | 'run' | 'teardown' | 'profile' }
  /** The measured phase is over (the closing GC follows): the parent may start the next run's process. */
  | { readonly type: 'measured' }
  /** Progress of long work inside `run` (a load): any number of them before the outcome. */
  | { readonly type: 'progress'; readonly progress: ChildProgress };
