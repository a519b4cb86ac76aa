/**
 * The measured loop of one prepared (scenario, records): every (repeat, variant) in a fresh
 * child, variants interleaved within each repeat. Also what stands in for those runs when the
 * record count could not be prepared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import type { RunResult } from '../results/results-document.js';
import { interrupted } from '../services/cleanup.js';
import type { PlannedScenario } from './plan.js';
import type { PreparedRecords } from './prepare-records.js';
import type { RunSession } from './run-session.js';

/** How every child of an execution runs. */
export interface MeasureOptions {
  /** Each child's `--max-old-space-size`, in MB; exceeding it is an `oom` result. @default V8's own limit */
  readonly maxHeapMb?: number;
  /** Timeline sampling period, in milliseconds. @default DEFAULTS.sampleIntervalMs (20) */
  readonly sampleIntervalMs?: number;
  /** Per-run timeout, in milliseconds. @default DEFAULTS.runTimeoutMs (900,000) */
  readonly runTimeoutMs?: number;
  /**
   * Write a heap snapshot after the closing GC of every measured run into this directory
   * (`<scenario>-<variant>-<records>-r<repeat>.heapsnapshot`). @default no snapshots
   */
  readonly snapshotDir?: string;
}

/** One child run of `variant` against the prepared data set. */
export interface MeasureOnceJob {
  readonly variant: string;
  /** 1-based measured repeat; 0 for extra runs (heap-floor probes, snapshot re-runs). */
  readonly repeat: number;
  /** `--max-old-space-size` for this child, in MB. @default V8's own limit */
  readonly maxHeapMb?: number;
  /** Where to write a heap snapshot after the closing GC. @default none */
  readonly snapshotPath?: string;
  /** Calls of `run` in the child. @default the plan's for this variant (`iterationsOf`), else 1 */
  readonly iterations?: number;
}

/** Runs one child; a child that throws, runs out of heap or dies is a recorded result. */
export function measureOnce(
  session: RunSession,
  prepared: PreparedRecords,
  job: MeasureOnceJob,
  options: Pick<MeasureOptions, 'sampleIntervalMs' | 'runTimeoutMs'> = {},
): Promise<RunResult> {
  const def = prepared.planned.scenario.definition;
  if (job.snapshotPath) fs.mkdirSync(path.dirname(job.snapshotPath), { recursive: true });
  return session.runChild(
    {
      scenarioFile: prepared.planned.scenario.file,
      scenario: def.name,
      variant: job.variant,
      records: prepared.records,
      repeat: job.repeat,
      services: prepared.services,
      dataset: prepared.dataset,
      fixtures: prepared.fixtures?.values ?? null,
      sampleIntervalMs: options.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs,
      ...(job.snapshotPath ? { snapshotPath: job.snapshotPath } : {}),
      ...iterationsField(job.iterations ?? iterationsOf(prepared.planned, job.variant)),
    },
    {
      ...(job.maxHeapMb !== undefined ? { maxHeapMb: job.maxHeapMb } : {}),
      ...(options.runTimeoutMs !== undefined ? { timeoutMs: options.runTimeoutMs } : {}),
    },
  );
}

/** Iterations the plan gives `variant` of `planned` (1 when it says none). */
export function iterationsOf(planned: PlannedScenario, variant: string): number {
  return planned.iterations?.[variant] ?? DEFAULTS.iterations;
}

/** The job field: left out for one call, so a plain run's job is what it always was. */
function iterationsField(iterations: number): { iterations?: number } {
  return iterations > 1 ? { iterations } : {};
}

/**
 * Runs `repeat` × variants, emitting `run-start`/`run-end`; stops early once interrupted.
 * Variants interleave within each repeat so slow drift of the machine spreads over all of them
 * instead of biasing whichever ran last.
 */
export async function measureRepeats(
  session: RunSession,
  prepared: PreparedRecords,
  repeat: number,
  options: MeasureOptions = {},
): Promise<RunResult[]> {
  const def = prepared.planned.scenario.definition;
  const records = prepared.records;
  const runs: RunResult[] = [];
  for (let r = 1; r <= repeat; r++) {
    for (const variant of prepared.planned.variants) {
      if (interrupted) break;
      const index = session.nextRunIndex();
      session.emit({ type: 'run-start', index, total: session.totalRuns, scenario: def.name, variant, records, repeat: r });
      const snapshotPath = options.snapshotDir
        ? path.join(options.snapshotDir, `${def.name}-${variant}-${records}-r${r}.heapsnapshot`)
        : undefined;
      const result = await measureOnce(
        session,
        prepared,
        {
          variant,
          repeat: r,
          ...(options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {}),
          ...(snapshotPath ? { snapshotPath } : {}),
        },
        options,
      );
      runs.push(result);
      session.emit({ type: 'run-end', index, total: session.totalRuns, result });
    }
  }
  return runs;
}

/**
 * The runs of a (scenario, records) whose seeder or fixtures threw: one `failed` run per
 * (repeat, variant) carrying the error, so the record count fails and the invocation goes on.
 */
export function unpreparedRuns(
  session: RunSession,
  planned: PlannedScenario,
  records: number,
  repeat: number,
  error: unknown,
): RunResult[] {
  const runs: RunResult[] = [];
  const message = session.redact(`seed: ${(error as Error)?.message ?? String(error)}`);
  for (let r = 1; r <= repeat; r++) {
    for (const variant of planned.variants) {
      const index = session.nextRunIndex();
      const result: RunResult = {
        scenario: planned.scenario.definition.name,
        variant,
        records,
        repeat: r,
        status: 'failed',
        metrics: null,
        counters: {},
        error: { message },
      };
      runs.push(result);
      session.emit({ type: 'run-end', index, total: session.totalRuns, result });
    }
  }
  return runs;
}
