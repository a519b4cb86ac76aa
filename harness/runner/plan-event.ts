/** Progress of a plan being carried out, as the runner reports it (reporters turn it into text). */
import type { ChildProgress } from '../probe/child-progress.js';
import type { HeapFloor, RunResult } from '../results/results-document.js';

/**
 * One step of progress: a log line (already redacted), a (scenario, records) seeded, a measured
 * run starting, still running or ending (`index` of `total` planned runs), a heap-floor probe
 * or result.
 */
export type PlanEvent =
  | { readonly type: 'log'; readonly message: string }
  | {
      readonly type: 'seeded';
      readonly scenario: string;
      readonly records: number;
      readonly rows: number;
      /** Bytes written, when the seeder said. */
      readonly bytes?: number;
      /** Seeding time, in milliseconds. */
      readonly ms: number;
    }
  | {
      readonly type: 'run-start';
      readonly index: number;
      readonly total: number;
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      readonly repeat: number;
    }
  | { readonly type: 'run-end'; readonly index: number; readonly total: number; readonly result: RunResult }
  | {
      /** Long work inside a child's `run` reported how far it is (a load: requests done of total). */
      readonly type: 'run-progress';
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      readonly repeat: number;
      readonly progress: ChildProgress;
    }
  | {
      /** A child still running, every heartbeat interval (`DEFAULTS.heartbeatIntervalMs`). */
      readonly type: 'run-heartbeat';
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      /** 1-based measured repeat; 0 for an extra run (heap-floor probe, snapshot re-run). */
      readonly repeat: number;
      /** The extra run's `--max-old-space-size`, in MB, when capped. */
      readonly maxHeapMb?: number;
      /** Since the child was started, in milliseconds. */
      readonly elapsedMs: number;
      /** The run's timeout, in milliseconds. */
      readonly timeoutMs: number;
    }
  | {
      readonly type: 'heap-floor-probe';
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      /** The `--max-old-space-size` tried, in MB. */
      readonly maxHeapMb: number;
      readonly status: RunResult['status'];
    }
  | { readonly type: 'heap-floor'; readonly floor: HeapFloor };
