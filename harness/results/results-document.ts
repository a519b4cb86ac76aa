/**
 * The results document (`results.json`), schema version 1 (its shape is documented in the README). Every
 * reporter reads this one document; nothing else carries measurements between components.
 */
import type { ProfileKind } from '../profile/profile-kind.js';
import type { CounterDefinition, Counters, MetricName } from '../scenario/types.js';

/**
 * Outcome of one measured child process: `failed` (a hook threw), `oom` (the heap limit),
 * `timeout` (killed, with everything it started, after its timeout), `crashed` (any other death).
 */
export type RunStatus = 'ok' | 'failed' | 'oom' | 'timeout' | 'crashed';

/** The metrics of one run (see `METRIC_NAMES`). Bytes and milliseconds. */
export type Metrics = Record<MetricName, number>;

/** One heap/RSS reading of the timeline sampler, `tMs` after the measured phase began. */
export interface TimelineSample {
  readonly tMs: number;
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
}

/** One garbage collection seen during the measured phase. */
export interface GcEvent {
  readonly tMs: number;
  readonly kind: 'minor' | 'major' | 'incremental' | 'weakcb' | 'unknown';
  readonly durationMs: number;
  /** Used heap right before and after this collection (from `v8.GCProfiler`). */
  readonly beforeBytes?: number;
  readonly afterBytes?: number;
}

/** Heap over time, for charts only (gates use the metrics). */
export interface Timeline {
  /** Used heap when the measured phase began; charts subtract it. */
  readonly baselineHeapBytes: number;
  readonly samples: readonly TimelineSample[];
  readonly gcEvents: readonly GcEvent[];
}

/** A thrown value as reports show it (also each link of a `cause` chain). Never contains secrets. */
export interface ThrownError {
  /** The error's class (`TypeError`, `CctsError`); absent when what was thrown is not an Error. */
  readonly name?: string;
  readonly message: string;
  readonly code?: string;
  /** Its stack frames (`at …` lines, at most 50), as V8 captured them (10 by default). */
  readonly stack?: string;
  /** What the error's `cause` was (a few levels deep). */
  readonly cause?: ThrownError;
}

/** Error details of a run that did not finish `ok`. Never contains secrets. */
export interface RunError {
  /** For a `failed` run, `<phase>: <class>: <message>` (e.g. `run: TypeError: …`). */
  readonly message: string;
  readonly code?: string;
  /** Class of the error a hook threw (`failed` runs). */
  readonly name?: string;
  /** Stack frames of the error a hook threw (`failed` runs). */
  readonly stack?: string;
  /** The thrown error's `cause` chain. */
  readonly cause?: ThrownError;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** Last lines of the child's stderr. */
  readonly stderrTail?: string;
  /** The timeout a `timeout` run was killed at, in milliseconds. */
  readonly timeoutMs?: number;
  /**
   * True for a repeat that was never started because an earlier repeat of the same (variant,
   * records) timed out (status `timeout`): another attempt would cost another full timeout.
   */
  readonly skipped?: boolean;
}

/**
 * The leak fit of an iterated run (`--iterations N`, see `harness/growth/fit-leak.ts`):
 * retained heap after each call of `run`, and its least-squares line over the iterations
 * after the warm-up. Bytes; intervals at 95 %.
 */
export interface LeakFit {
  /** Calls of `run` in the child. */
  readonly iterations: number;
  /** First iterations left out of the fit. */
  readonly warmupIterations: number;
  /** Used heap after each iteration's settling GC minus the run's baseline, in iteration order. */
  readonly retainedBytes: readonly number[];
  /** Least-squares slope: retained bytes added per iteration. */
  readonly bytesPerIteration: number;
  /** The fitted line's value at iteration 0. */
  readonly interceptBytes: number;
  /** R² of the fit (NaN when the readings are all equal). */
  readonly r2: number;
  /** Standard error of the slope. */
  readonly standardErrorBytes: number;
  /** 95 % confidence interval of the slope. */
  readonly lowBytesPerIteration: number;
  readonly highBytesPerIteration: number;
}

/** The leak fits of a summary's `ok` repeats. */
export interface LeakSummary {
  readonly iterations: number;
  readonly warmupIterations: number;
  /** Median slope over the repeats; min and max beside it. */
  readonly bytesPerIteration: number;
  readonly minBytesPerIteration: number;
  readonly maxBytesPerIteration: number;
  /** Median R² and median slope standard error over the repeats. */
  readonly r2: number;
  readonly standardErrorBytes: number;
}

/** One measured run. `metrics` is null when the child died before reporting. */
export interface RunResult {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  readonly repeat: number;
  readonly status: RunStatus;
  readonly metrics: Metrics | null;
  readonly counters: Counters;
  readonly error?: RunError;
  /** The `--max-old-space-size` the child ran under, when capped. */
  readonly maxHeapMb?: number;
  readonly timeline?: Timeline;
  /** Heap snapshot written after the closing GC (`--snapshot`, or a failing leak budget). */
  readonly snapshotPath?: string;
  /** Heap or CPU profile of the measured phase, or clinic doctor/flame page of the whole child (`heapgate profile`, or a failing heap budget in the gate). */
  readonly profilePath?: string;
  /** What the harness dropped from this run's report, e.g. a counter that was not a finite number. */
  readonly warnings?: readonly string[];
  /** With more than one iteration: the retained heap per iteration and its fit. */
  readonly leak?: LeakFit;
}

/**
 * Where a summary's `liveHeapDeltaBytes` comes from: `exact` — the live pass, a child whose
 * every GC was a full one; `observed` — the measured repeats' own full GCs and closing GC, which
 * depend on when V8 chose to run them.
 */
export type LiveHeapMethod = 'exact' | 'observed';

/** Every {@link LiveHeapMethod}. */
export const LIVE_HEAP_METHODS: readonly LiveHeapMethod[] = Object.freeze(['exact', 'observed']);

/**
 * The live pass of one (scenario, variant, records): one more child after the measured repeats,
 * running the same job under `--gc-global` with a fixed young generation of `intervalMb`.
 */
export interface LivePass {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  readonly status: RunStatus;
  /** Semi-space size the child ran with (`--min/max-semi-space-size`), in MB: at most about this much is allocated between two full GCs. */
  readonly intervalMb: number;
  /** Largest used heap after a full GC during `run` (or after the closing GC) minus the baseline, in bytes; null when the pass failed. */
  readonly liveHeapDeltaBytes: number | null;
  /** Full GCs the pass recorded during `run` (from its timeline, so at most `maxTimelinePoints`). */
  readonly fullGcs: number;
  /** Wall time of the pass's `run`, in milliseconds (its cost; the measured repeats' duration is unaffected). */
  readonly durationMs: number | null;
  /** Why the pass did not finish, when it did not. */
  readonly error?: RunError;
}

/** Median/min/max over the `ok` repeats of one (scenario, variant, records). */
export interface Summary {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** Number of `ok` repeats the statistics are over. */
  readonly repeats: number;
  /** Repeats that did not finish `ok`. */
  readonly failedRepeats: number;
  readonly median: Metrics;
  readonly min: Metrics;
  readonly max: Metrics;
  /** Median of each counter. */
  readonly counters: Counters;
  /**
   * Where `median`/`min`/`max.liveHeapDeltaBytes` come from: `exact` when the live pass ran
   * (then all three are its one value), else `observed`. Absent in documents written before it
   * existed, which are `observed`.
   */
  readonly liveHeapMethod?: LiveHeapMethod;
  /** The live pass of this (scenario, variant, records), when one ran (also when it failed and the method fell back to `observed`). */
  readonly livePass?: Omit<LivePass, 'scenario' | 'variant' | 'records'>;
  /** With more than one iteration: the repeats' leak fits. */
  readonly leak?: LeakSummary;
}

/** One comparison of a measured median against a limit. */
export interface Verdict {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** A metric name, `counters.<name>`, or `growth.<metric>`. */
  readonly metric: string;
  readonly actual: number;
  readonly limit: number;
  /** `<=` means actual must not exceed limit; `>=` means it must reach it. */
  readonly comparator: '<=' | '>=' | '<' | '>';
  readonly kind: 'target' | 'budget' | 'baseline';
  readonly pass: boolean;
  /** Where the limit comes from (seed section, scenario budget, baseline file). */
  readonly source: string;
  /**
   * A warning, not a check: failing, it is reported and never fails the gate. Set on baseline
   * verdicts of wall time (`durationMs`) unless `--strict-durations`: another process on the
   * machine stretches wall time, CPU time (`cpuMs`, judged) far less. Absent means a check.
   */
  readonly advisory?: true;
}

/** One capped attempt of a heap-floor search. */
export interface HeapFloorProbe {
  /** The `--max-old-space-size` tried, in MB. */
  readonly maxHeapMb: number;
  readonly status: RunStatus;
}

/** The smallest heap one (scenario, variant, records) completes under (`--heap-floor`). */
export interface HeapFloor {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** Smallest cap that completed (`ok`), in MB; null when even the largest cap tried failed. */
  readonly floorMb: number | null;
  /** Largest cap that failed, in MB (the floor lies in (failedMb, floorMb]); null when none failed. */
  readonly failedMb: number | null;
  /** Width of the final bracket the search stopped at, in MB. */
  readonly toleranceMb: number;
  readonly probes: readonly HeapFloorProbe[];
}

/**
 * A capacity projection (`--capacity`, see `harness/growth/project-capacity.ts`): the record
 * count at which a variant's absolute heap figure (baseline + `metric`, or the heap floor)
 * reaches `limitBytes`, by a least-squares line over the sweep.
 */
export interface CapacityProjection {
  readonly scenario: string;
  readonly variant: string;
  /** The heap limit, in bytes. */
  readonly limitBytes: number;
  /** The figure projected: `liveHeapDeltaBytes` or `heapDeltaBytes` (plus the baseline), or `heapFloor`. */
  readonly metric: string;
  /** Growth class of the series over the sweep; a `constant` one is not bounded by records. */
  readonly growthClass: 'constant' | 'linear' | 'superlinear';
  /** The record counts fitted. */
  readonly records: readonly number[];
  /** The figure at the largest record count measured, in bytes. */
  readonly largestMeasuredBytes: number;
  /** The fitted line: bytes per record and bytes at 0 records (the baseline in it). */
  readonly bytesPerRecord: number;
  readonly interceptBytes: number;
  readonly r2: number;
  /** Records at which the line reaches the limit; null when the series does not grow (constant). */
  readonly projectedRecords: number | null;
  /** 95 % interval of that record count (null when it cannot be given: two points, or an unbounded upper end). */
  readonly low: number | null;
  readonly high: number | null;
}

/** Where the services came from (never credentials). */
export interface ServiceDescription {
  readonly provider: string;
  readonly version?: string;
}

/** How one scenario's counters are shown: its `counters` field (label, unit, key), by counter name. */
export type ScenarioCounterDefinitions = Readonly<Record<string, CounterDefinition>>;

/** Counter definitions by scenario name: what reporters format counters with. */
export type CounterDefinitions = Readonly<Record<string, ScenarioCounterDefinitions>>;

/** The machine and services a run measured on. */
export interface ResultsEnvironment {
  /** `process.version` of the parent (children run the same binary). */
  readonly node: string;
  /** `<platform>-<arch>`, e.g. `linux-x64`. */
  readonly platform: string;
  readonly cpus: number;
  readonly totalMemBytes: number;
  readonly services: Readonly<Record<string, ServiceDescription>>;
  /** Node/V8 flags every measured child ran with (`--node-option`, the config's `nodeOptions`); absent when none. */
  readonly nodeOptions?: readonly string[];
}

/** A profile written beside the results: which run it profiles, with what, and why. */
export interface ProfileFile {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** `heap` (`.heapprofile`), `cpu` (`.cpuprofile`), `doctor` / `flame` (clinic's `.doctor.html` / `.flame.html`, of the whole child); see `harness/profile/profile-kind.ts`. */
  readonly kind: ProfileKind;
  /** The file's path as written (absolute when `--out` is). */
  readonly path: string;
  /** Why it was taken, e.g. `heapgate profile` or `heap budget failed`. */
  readonly reason: string;
}

/**
 * Which plan a document measured (see `runner/plan-fingerprint.ts`), and which part of it: what
 * `heapgate merge` checks before it combines shard documents, and `gate --results` before it
 * judges one.
 */
export interface PlanIdentity {
  /** The command that planned it. */
  readonly command: 'run' | 'gate';
  /** The gate suite (`gate` only). */
  readonly suite?: string;
  /** Fingerprint of the whole, unsharded plan (16 hex digits). */
  readonly fingerprint: string;
  /** With `--shard i/n`: this document holds part `index` of `count`. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** In a document `heapgate merge` wrote: how many shards it combined. */
  readonly mergedShards?: number;
}

/** How a compared metric moved: `unchanged` includes every change inside the noise the rule allows. */
export type ComparisonChange = 'regressed' | 'improved' | 'unchanged';

/** One checked metric beside its baseline (committed median, or the paired base's repeats). */
export interface ComparisonRow {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  readonly metric: MetricName;
  /** The baseline's median (committed), or the base repeats' mean (paired). Bytes or ms. */
  readonly baseline: number;
  /** This run's median (committed), or the head repeats' mean (paired). */
  readonly current: number;
  /** Lowest and highest baseline value (the committed entry's min/max, or the base repeats'). */
  readonly baselineMin?: number;
  readonly baselineMax?: number;
  /** Lowest and highest value this run measured. */
  readonly currentMin: number;
  readonly currentMax: number;
  /** The change the rule allows each way before it calls one (tolerance, spread, noise floor), in the metric's unit. */
  readonly allowance: number;
  /** The verdict's limit: `baseline + allowance`. */
  readonly limit: number;
  /** (current − baseline) / |baseline|; null when the baseline is 0. */
  readonly relativeChange: number | null;
  readonly change: ComparisonChange;
  /** Paired only: one-sided p-value of Welch's t-test in the direction of the change. */
  readonly pValue?: number;
  /** Paired only: repeats on each side the test is over. */
  readonly baseRepeats?: number;
  readonly headRepeats?: number;
  /**
   * Paired only, when the planned repeats showed a regression: the same rule on fresh repeats of
   * both revisions (`compare-paired.ts`). Not `confirmed` turns the row's change to `unchanged`.
   */
  readonly confirmation?: PairedConfirmation;
}

/** A suspected paired regression judged again on fresh repeats (means in the metric's unit). */
export interface PairedConfirmation {
  readonly baseline: number;
  readonly current: number;
  readonly relativeChange: number | null;
  /** One-sided p-value of Welch's t-test on the fresh repeats, in the direction of their change. */
  readonly pValue: number;
  /** The fresh repeats regressed by the same rule: the row stays `regressed`. */
  readonly confirmed: boolean;
  readonly baseRepeats: number;
  readonly headRepeats: number;
}

/**
 * What the gate compared against: its committed baseline file, or (`--against <ref>`) the same
 * scenarios of another git revision measured in this invocation, interleaved with this one.
 */
export interface ComparisonSummary {
  readonly kind: 'committed' | 'paired';
  /** The baseline file (committed), or `<ref> (<commit>)` (paired). */
  readonly source: string;
  /** The rule, in words, as reports print it. */
  readonly rule: string;
  /** Paired only: the ref as given and the commit it resolved to. */
  readonly ref?: string;
  readonly commit?: string;
  readonly rows: readonly ComparisonRow[];
  /** Paired only: the base revision's runs (never judged against budgets). */
  readonly baseRuns?: readonly RunResult[];
  /**
   * Paired only: the fresh repeats of suspected regressions, both revisions (their repeat numbers
   * follow the planned ones). Judged only as confirmation, never against budgets.
   */
  readonly confirmationRuns?: { readonly head: readonly RunResult[]; readonly base: readonly RunResult[] };
}

/** The whole document. */
export interface ResultsDocument {
  readonly schemaVersion: 1;
  /** ISO time the services were asked for. */
  readonly startedAt: string;
  /** ISO time the last run ended and the services were stopped. */
  readonly finishedAt?: string;
  readonly environment: ResultsEnvironment;
  readonly runs: readonly RunResult[];
  readonly summaries: readonly Summary[];
  readonly verdicts: readonly Verdict[];
  /** With `--heap-floor`: the smallest `--max-old-space-size` each run completed under. */
  readonly heapFloors?: readonly HeapFloor[];
  /** Heap snapshots written by this run. */
  readonly snapshots?: readonly string[];
  /** Profiles written by this invocation (`heapgate profile`, or the gate after a failing heap budget). */
  readonly profiles?: readonly ProfileFile[];
  /**
   * Each measured scenario's counter definitions (label, unit, key), for scenarios that define
   * `counters`. Reporters format counters with them; documents written before it was added
   * lack it, and reporters then guess units from counter names.
   */
  readonly counterDefinitions?: CounterDefinitions;
  /** With `--capacity` (or `--max-heap`) over a sweep: the record count each variant would fit up to. */
  readonly capacity?: readonly CapacityProjection[];
  /** The plan measured; documents written before it was added lack it. */
  readonly plan?: PlanIdentity;
  /** The gate's baseline comparison (committed or `--against`), every checked metric beside its baseline. */
  readonly comparison?: ComparisonSummary;
}
