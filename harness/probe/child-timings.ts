/**
 * Where a measured child's wall time goes, from spawn to exit: the per-run overhead that is
 * not measurement (issue 14: ~400 ms per run around a 16 ms measured phase). The child stamps
 * each step; the parent adds spawn, exit and pipe close and splits the whole into
 * {@link RunOverhead}. Diagnostics only: never part of the results document or a verdict.
 */
import { performance } from 'node:perf_hooks';

/** A point in time shared by parent and child: milliseconds since the Unix epoch, sub-ms resolution. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Steps of a child, each an {@link epochMs} stamp. */
export interface ChildTimings {
  /** Node's bootstrap done (`performance.nodeTiming.bootstrapComplete`), before any harness module ran. */
  readonly bootedAt: number;
  /** The child entry's own modules loaded (its first statement ran). */
  readonly entryAt: number;
  /** The job arrived over IPC. */
  readonly jobAt: number;
  /** The scenario module imported and the variant found. */
  readonly loadedAt: number;
  /** `setup` returned. */
  readonly setupAt: number;
  /** The probe's baseline taken (after its forced GC): the measured phase starts. */
  readonly measureAt: number;
  /** The last `run` returned: the measured phase ends. */
  readonly measuredAt: number;
  /** The probe finished (closing GC, GC entries collected). */
  readonly finishedAt: number;
  /** `teardown` returned and the result is about to be sent. */
  readonly sendAt: number;
  /** CPU time the child process had used by `sendAt`, since it started (user + system, every thread), in ms. */
  readonly cpuMs: number;
}

/**
 * A run's wall time from its process's spawn to its pipes closing, split by step, in
 * milliseconds. A run given a spare (`runner/spare-child.ts`) was spawned before it was asked
 * for: `spareLeadMs` of its start-up overlapped the previous run, and its wait for the job
 * shows in `ipcMs`.
 */
export interface RunOverhead {
  /** Spawn to the moment the run asked for its process: 0 for a fresh child, the lead of a spare. */
  readonly spareLeadMs: number;
  /** Spawn to Node's bootstrap done (process creation, Node and V8 start). */
  readonly spawnMs: number;
  /** Loading the child entry's modules. */
  readonly entryImportMs: number;
  /** Entry loaded to the job's arrival (IPC), 0 when the job was already queued. */
  readonly ipcMs: number;
  /** Importing the scenario module. */
  readonly scenarioImportMs: number;
  readonly setupMs: number;
  /** The probe's baseline: its forced GC and starting the GC profiler. */
  readonly baselineGcMs: number;
  /** The measured phase (the `durationMs` window, plus the settling GCs of an iterated run). */
  readonly measuredMs: number;
  /** The closing GC and collecting GC entries. */
  readonly closingGcMs: number;
  /** Snapshot, teardown and building the result. */
  readonly teardownMs: number;
  /** Sending the result to the child process's exit. */
  readonly exitMs: number;
  /** Exit to the pipes closing (the parent's 'close'). */
  readonly closeMs: number;
  /** Spawn to close. */
  readonly totalMs: number;
  /** The run's own wall time: asked for its process to close (`totalMs − spareLeadMs`). */
  readonly runMs: number;
  /**
   * CPU time of the child from its start to sending the result (its exit not included): the
   * work a run costs, which, unlike its wall time, another process on the machine barely moves.
   */
  readonly childCpuMs: number;
}

/**
 * Splits a run's wall time by step.
 *
 * @param spawnedAt {@link epochMs} just before `spawn`.
 * @param askedAt {@link epochMs} when the run asked for its process (after `spawnedAt` for a spare).
 * @param exitedAt {@link epochMs} at the child's 'exit'.
 * @param closedAt {@link epochMs} at its 'close'.
 */
export function runOverhead(spawnedAt: number, askedAt: number, t: ChildTimings, exitedAt: number, closedAt: number): RunOverhead {
  const jobAt = Math.max(t.jobAt, t.entryAt);
  return {
    spareLeadMs: Math.max(0, askedAt - spawnedAt),
    spawnMs: t.bootedAt - spawnedAt,
    entryImportMs: t.entryAt - t.bootedAt,
    ipcMs: jobAt - t.entryAt,
    scenarioImportMs: t.loadedAt - jobAt,
    setupMs: t.setupAt - t.loadedAt,
    baselineGcMs: t.measureAt - t.setupAt,
    measuredMs: t.measuredAt - t.measureAt,
    closingGcMs: t.finishedAt - t.measuredAt,
    teardownMs: t.sendAt - t.finishedAt,
    exitMs: exitedAt - t.sendAt,
    closeMs: closedAt - exitedAt,
    totalMs: closedAt - spawnedAt,
    runMs: closedAt - Math.max(spawnedAt, askedAt),
    childCpuMs: t.cpuMs,
  };
}
