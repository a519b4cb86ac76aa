/**
 * The measured loop of one prepared (scenario, records): every (repeat, variant) in a fresh
 * child, variants interleaved within each repeat, with a heartbeat while a child runs long.
 * Also what stands in for those runs when the record count could not be prepared, or when an
 * earlier repeat of the variant timed out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import type { RunResult } from '../results/results-document.js';
import { phaseMessage, toRunError } from '../probe/to-run-error.js';
import { interrupted } from '../services/cleanup.js';
import { redactError } from '../services/redact-secrets.js';
import type { PlannedScenario } from './plan.js';
import type { PreparedRecords } from './prepare-records.js';
import type { RunSession } from './run-session.js';
import { resolveMaxHeapMb } from './run-max-heap.js';
import { PROFILE_EXTENSIONS, type ProfileKind } from '../profile/profile-kind.js';
import { resolveRunTimeout, type RunTimeout } from './run-timeout.js';

/** How every child of an execution runs. */
export interface MeasureOptions {
  /** Each child's `--max-old-space-size`, in MB; exceeding it is an `oom` result. @default V8's own limit */
  readonly maxHeapMb?: number;
  /** Timeline sampling period, in milliseconds. @default DEFAULTS.sampleIntervalMs (20) */
  readonly sampleIntervalMs?: number;
  /**
   * Per-run timeout (`--timeout`), in milliseconds, over the variant's and the scenario's
   * `timeoutMs` (see `resolveRunTimeout`). @default theirs, else DEFAULTS.runTimeoutMs (600,000)
   */
  readonly runTimeoutMs?: number;
  /** A `run-heartbeat` event every this many milliseconds while a child runs. @default DEFAULTS.heartbeatIntervalMs (30,000) */
  readonly heartbeatIntervalMs?: number;
  /**
   * Environment variables every child gets besides the harness's own (e.g. `HEAPGATE_LOAD_TOOL`
   * from `--load`). @default none
   */
  readonly childEnv?: Readonly<Record<string, string>>;
  /**
   * Write a heap snapshot after the closing GC of every measured run into this directory
   * (`<scenario>-<variant>-<records>-r<repeat>.heapsnapshot`). @default no snapshots
   */
  readonly snapshotDir?: string;
  /** Node/V8 flags for every child (`--node-option`, the config's `nodeOptions`), before a job's own. @default none */
  readonly nodeOptions?: readonly string[];
  /**
   * Profile every measured run with this profiler (its measured phase for an inspector kind, the
   * whole child for a clinic kind), writing `<dir>/<scenario>-<variant>-<records>-r<repeat><extension>`
   * (see `profile-kind.ts`). @default no profiles
   */
  readonly profile?: { readonly kind: ProfileKind; readonly dir: string };
  /**
   * A second revision to measure beside this one (`--against <ref>`): each (repeat, variant)
   * runs once with this tree's scenario module and once with the base's, in alternating order.
   * @default none
   */
  readonly base?: BaseArm;
}

/** The base revision of a paired run: where its scenario modules are. */
export interface BaseArm {
  /** Shown in progress as `<variant> @<label>`, e.g. the ref. */
  readonly label: string;
  /** The base revision's module of `scenarioFile` (this tree's), or undefined when it has none. */
  scenarioFile(scenarioFile: string): string | undefined;
  /**
   * The variants of one measured record count whose paired repeats suggest a regression: each is
   * measured again on as many fresh paired repeats, which confirm it or not
   * (`harness/against/compare-paired.ts`). @default none confirmed
   */
  suspects?(head: readonly RunResult[], base: readonly RunResult[]): readonly string[];
}

/** What {@link measureRepeats} measured: this revision's runs and, when paired, the base's. */
export interface MeasuredRepeats {
  readonly runs: RunResult[];
  /** The base revision's runs (empty without `base`). */
  readonly baseRuns: RunResult[];
}

/** One child run of `variant` against the prepared data set. */
export interface MeasureOnceJob {
  readonly variant: string;
  /** 1-based measured repeat; 0 for extra runs (heap-floor probes, snapshot re-runs). */
  readonly repeat: number;
  /** `--max-old-space-size` for this child, in MB. @default the variant's, else the scenario's `maxHeapMb`, else V8's own limit */
  readonly maxHeapMb?: number;
  /** Where to write a heap snapshot after the closing GC. @default none */
  readonly snapshotPath?: string;
  /** Profile the run (see {@link MeasureOptions.profile}) and write the profile here. @default none */
  readonly profile?: { readonly kind: ProfileKind; readonly path: string };
  /** More node/V8 flags for this child (the live pass). @default none */
  readonly nodeFlags?: readonly string[];
  /** Calls of `run` in the child. @default the plan's for this variant (`iterationsOf`), else 1 */
  readonly iterations?: number;
  /** Another run follows: start its process once this one's measured phase is over (`spare-child.ts`). @default false */
  readonly spareNext?: boolean;
  /** The scenario module the child imports. @default the planned scenario's file */
  readonly scenarioFile?: string;
  /** How heartbeat and progress events name the variant, e.g. `<variant> @<ref>` for a base run. @default `variant` */
  readonly shownVariant?: string;
}

/**
 * Runs one child; a child that throws, runs out of heap, times out or dies is a recorded
 * result. Emits `run-heartbeat` every heartbeat interval while the child runs.
 */
export async function measureOnce(
  session: RunSession,
  prepared: PreparedRecords,
  given: MeasureOnceJob,
  options: Pick<MeasureOptions, 'sampleIntervalMs' | 'runTimeoutMs' | 'heartbeatIntervalMs' | 'childEnv' | 'nodeOptions'> = {},
): Promise<RunResult> {
  const def = prepared.planned.scenario.definition;
  const maxHeapMb = resolveMaxHeapMb(def, given.variant, given.maxHeapMb);
  const job: MeasureOnceJob = maxHeapMb === undefined ? given : { ...given, maxHeapMb };
  if (job.snapshotPath) fs.mkdirSync(path.dirname(job.snapshotPath), { recursive: true });
  if (job.profile) fs.mkdirSync(path.dirname(job.profile.path), { recursive: true });
  const timeout = resolveRunTimeout(def, job.variant, options.runTimeoutMs);
  const started = performance.now();
  const heartbeat = setInterval(
    () =>
      session.emit({
        type: 'run-heartbeat',
        scenario: def.name,
        variant: job.shownVariant ?? job.variant,
        records: prepared.records,
        repeat: job.repeat,
        ...(job.maxHeapMb !== undefined ? { maxHeapMb: job.maxHeapMb } : {}),
        elapsedMs: performance.now() - started,
        timeoutMs: timeout.timeoutMs,
      }),
    options.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
  );
  heartbeat.unref();
  try {
    return await runMeasuredChild(session, prepared, job, options, timeout);
  } finally {
    clearInterval(heartbeat);
  }
}

function runMeasuredChild(
  session: RunSession,
  prepared: PreparedRecords,
  job: MeasureOnceJob,
  options: Pick<MeasureOptions, 'sampleIntervalMs' | 'childEnv' | 'nodeOptions'>,
  timeout: RunTimeout,
): Promise<RunResult> {
  const def = prepared.planned.scenario.definition;
  return session.runChild(
    {
      scenarioFile: job.scenarioFile ?? prepared.planned.scenario.file,
      scenario: def.name,
      variant: job.variant,
      records: prepared.records,
      repeat: job.repeat,
      services: prepared.services,
      dataset: prepared.dataset,
      fixtures: prepared.fixtures?.values ?? null,
      sampleIntervalMs: options.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs,
      ...(job.snapshotPath ? { snapshotPath: job.snapshotPath } : {}),
      ...(job.profile ? { profile: job.profile } : {}),
      ...iterationsField(job.iterations ?? iterationsOf(prepared.planned, job.variant)),
    },
    {
      ...(job.maxHeapMb !== undefined ? { maxHeapMb: job.maxHeapMb } : {}),
      timeoutMs: timeout.timeoutMs,
      timeoutSource: timeout.source,
      ...(job.nodeFlags || options.nodeOptions ? { nodeFlags: [...(options.nodeOptions ?? []), ...(job.nodeFlags ?? [])] } : {}),
      ...(options.childEnv ? { env: options.childEnv } : {}),
      ...(job.spareNext ? { spareNext: true } : {}),
      onProgress: (progress) =>
        session.emit({
          type: 'run-progress',
          scenario: def.name,
          variant: job.shownVariant ?? job.variant,
          records: prepared.records,
          repeat: job.repeat,
          progress,
        }),
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
 * instead of biasing whichever ran last. With `options.base`, each (repeat, variant) also runs
 * the base revision's module right beside this one's, base first on even repeats and last on
 * odd ones (ABBA), so neither revision always runs on the warmer or the busier side.
 *
 * Once a run times out, the later repeats of that variant (at this record count, of that
 * revision) are not started: a hang rarely clears up by itself and each attempt would wait the
 * full timeout again. They are recorded as `timeout` runs with `error.skipped`, so the summary
 * counts them as failed repeats; the other variants and record counts run as planned.
 */
export async function measureRepeats(
  session: RunSession,
  prepared: PreparedRecords,
  repeat: number,
  options: MeasureOptions = {},
  /** Number of the first repeat (confirmation repeats follow the planned ones). @default 1 */
  firstRepeat = 1,
): Promise<MeasuredRepeats> {
  const def = prepared.planned.scenario.definition;
  const records = prepared.records;
  const runs: RunResult[] = [];
  const baseRuns: RunResult[] = [];
  const timedOut = new Map<string, RunResult>();
  const variants = prepared.planned.variants;
  const base = options.base;
  const baseFile = base?.scenarioFile(prepared.planned.scenario.file);
  const measureArm = async (variant: string, r: number, arm: 'head' | 'base', spareNext = false): Promise<void> => {
    const index = session.nextRunIndex();
    const shown = arm === 'base' ? `${variant} @${base!.label}` : variant;
    const sink = arm === 'base' ? baseRuns : runs;
    const earlier = timedOut.get(`${arm}\u0000${variant}`);
    if (earlier) {
      const result = skippedAfterTimeout(earlier, r);
      sink.push(result);
      session.emit({ type: 'run-end', index, total: session.totalRuns, result: { ...result, variant: shown } });
      return;
    }
    session.emit({ type: 'run-start', index, total: session.totalRuns, scenario: def.name, variant: shown, records, repeat: r });
    const snapshotPath =
      options.snapshotDir && arm === 'head'
        ? path.join(options.snapshotDir, `${def.name}-${variant}-${records}-r${r}.heapsnapshot`)
        : undefined;
    const profile =
      options.profile && arm === 'head'
        ? {
            kind: options.profile.kind,
            path: path.join(options.profile.dir, `${def.name}-${variant}-${records}-r${r}${PROFILE_EXTENSIONS[options.profile.kind]}`),
          }
        : undefined;
    const result = await measureOnce(
      session,
      prepared,
      {
        variant,
        repeat: r,
        ...(options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {}),
        ...(snapshotPath ? { snapshotPath } : {}),
        ...(profile ? { profile } : {}),
        ...(arm === 'base' && baseFile ? { scenarioFile: baseFile, shownVariant: shown } : {}),
        ...(spareNext ? { spareNext } : {}),
      },
      options,
    );
    sink.push(result);
    if (result.status === 'timeout') timedOut.set(`${arm}\u0000${variant}`, result);
    session.emit({ type: 'run-end', index, total: session.totalRuns, result: { ...result, variant: shown } });
  };
  const lastRepeat = firstRepeat + repeat - 1;
  for (let r = firstRepeat; r <= lastRepeat; r++) {
    for (const [v, variant] of variants.entries()) {
      if (interrupted) break;
      if (!base || baseFile === undefined) {
        // Not after the last run of the loop: what follows (a live pass, another record count
        // after seeding) runs with other flags or much later. Paired runs take no spare.
        await measureArm(variant, r, 'head', r < lastRepeat || v < variants.length - 1);
        continue;
      }
      const order: readonly ('head' | 'base')[] = r % 2 === 1 ? ['head', 'base'] : ['base', 'head'];
      for (const arm of order) {
        if (interrupted) break;
        await measureArm(variant, r, arm);
      }
    }
  }
  return { runs, baseRuns };
}

/** The stand-in for repeat `repeat` of a variant whose run `earlier` timed out. */
function skippedAfterTimeout(earlier: RunResult, repeat: number): RunResult {
  const timeoutMs = earlier.error?.timeoutMs;
  return {
    scenario: earlier.scenario,
    variant: earlier.variant,
    records: earlier.records,
    repeat,
    status: 'timeout',
    metrics: null,
    counters: {},
    error: {
      message: `not run: repeat ${earlier.repeat} timed out${timeoutMs !== undefined ? ` after ${timeoutMs} ms` : ''}, and another attempt would wait as long`,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      skipped: true,
    },
    ...(earlier.maxHeapMb !== undefined ? { maxHeapMb: earlier.maxHeapMb } : {}),
  };
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
  const thrown = toRunError(error, { moduleFile: planned.scenario.file });
  const details = redactError({ ...thrown, message: phaseMessage('seed', thrown) }, session.redact);
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
        error: details,
      };
      runs.push(result);
      session.emit({ type: 'run-end', index, total: session.totalRuns, result });
    }
  }
  return runs;
}
