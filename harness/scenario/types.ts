/**
 * The scenario contract: what a file in `scenarios/` (or a user's `--scenarios` path) exports.
 * Build one with {@link defineScenario}; the harness validates plain objects the same way.
 */

/**
 * The metrics every measured run reports. Bytes are bytes; durations are milliseconds.
 * `durationMs` is the measured phase's wall time, `cpuMs` the CPU time the child spent in it
 * (`process.cpuUsage()`, user + system, every thread): what a busy machine stretches is the
 * first, not the second. The last two split the peak by V8 generation (README "What a run
 * measures"). Results documents and baselines written before `cpuMs` and the generation
 * figures existed lack them.
 */
export type MetricName =
  | 'heapDeltaBytes'
  | 'liveHeapDeltaBytes'
  | 'retainedHeapBytes'
  | 'peakRssBytes'
  | 'durationMs'
  | 'cpuMs'
  | 'oldGenPeakDeltaBytes'
  | 'youngGenPeakBytes';

/** All metric names, in the order reporters show them. */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze([
  'heapDeltaBytes',
  'liveHeapDeltaBytes',
  'retainedHeapBytes',
  'peakRssBytes',
  'durationMs',
  'cpuMs',
  'oldGenPeakDeltaBytes',
  'youngGenPeakBytes',
]);

/** Services a scenario can ask the harness for. Each is started once per CLI invocation. */
export type ServiceName = 'postgres' | 'redis' | 's3';

/** How to reach PostgreSQL. The connection string carries a password: never log it. */
export interface PostgresEndpoint {
  readonly connectionString: string;
}

/** How to reach Redis (`redis://…`). */
export interface RedisEndpoint {
  readonly url: string;
}

/** How to reach an S3-compatible object store. */
export interface S3Endpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style addressing (`http://host/bucket/key`); required by embedded servers and MinIO. */
  readonly forcePathStyle: boolean;
}

/** The endpoints of the services a scenario declared. Only declared services are present. */
export interface ServiceEndpoints {
  readonly postgres?: PostgresEndpoint;
  readonly redis?: RedisEndpoint;
  readonly s3?: S3Endpoint;
}

/** JSON-serialisable value: what crosses the process boundary between parent and child. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Scenario-specific figures (rows, hit rate, API calls, …). Numbers only, so they aggregate. */
export type Counters = Record<string, number>;

/** Given to a scenario's seeder. Runs in the parent process, outside every measurement. */
export interface SeedContext {
  readonly scenario: string;
  readonly records: number;
  readonly services: ServiceEndpoints;
  /** Progress for humans (stderr). */
  log(message: string): void;
}

/** What a seeder reports. `dataset` is handed to every variant's context unchanged. */
export interface SeedResult {
  /** Rows written (0 when the data set already existed and was reused). */
  readonly rowsWritten: number;
  /** Bytes written, when known; feeds the seeding throughput line. */
  readonly bytesWritten?: number;
  /** Anything the variants need to find the data (a user id, a bucket key…). */
  readonly dataset?: JsonValue;
}

/** Given to a variant's hooks inside the measured child process. */
export interface RunContext {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  /** 1-based repeat number. */
  readonly repeat: number;
  readonly services: ServiceEndpoints;
  /** Whatever the seeder returned as `dataset` (null when the scenario has no seeder). */
  readonly dataset: JsonValue;
  /** Whatever the scenario's `fixtures` hook returned as `values` (null when it has none). */
  readonly fixtures: JsonValue;
}

/** Given to a scenario's `fixtures` hook, in the parent, after seeding `records`. */
export interface FixtureContext extends SeedContext {
  readonly dataset: JsonValue;
}

/**
 * Helper servers a scenario needs running outside the measured process (a lookup API backed by
 * PostgreSQL, say). Started in the parent after seeding, stopped after that record count's runs.
 */
export interface Fixtures {
  /** Handed to every variant as `ctx.fixtures` (URLs, names; never secrets in logs). */
  readonly values: JsonValue;
  stop(): Promise<void>;
}

/**
 * One way of doing the work (the naive `before`, the efficient `after`, …).
 *
 * Only `run` is measured. `setup` runs first, unmeasured (open pools, warm connections); its
 * return value is passed to `run` and `teardown`. Whatever `run` keeps reachable from that state
 * after it returns counts as retained heap: that is how a leak shows.
 */
export interface VariantDefinition<State = unknown> {
  readonly summary: string;
  /**
   * This variant's per-run timeout, in milliseconds (the whole child: load, setup, run,
   * teardown); above it the run is killed and reported `timeout`. `--timeout` overrides it.
   * @default the scenario's `timeoutMs`, else DEFAULTS.runTimeoutMs (600,000: 10 min)
   */
  readonly timeoutMs?: number;
  /**
   * Calls of `run` per measured child, against the same `setup` state, with a forced full GC
   * and a used-heap reading after each; the retained heap is then fitted against the iteration
   * number (bytes per iteration: the leak signal). 1 or at least `DEFAULTS.leakWarmupIterations`
   * + 3. Overridden by `--iterations`.
   * @default the scenario's `iterations`, else 1 (one call, no fit)
   */
  readonly iterations?: number;
  /**
   * This variant's heap cap, in MB: the measured child runs with `--max-old-space-size` of it,
   * and running out of it is an `oom` result. `--max-heap` overrides it.
   * @default the scenario's `maxHeapMb`, else V8's own limit
   */
  readonly maxHeapMb?: number;
  setup?(ctx: RunContext): Promise<State> | State;
  run(ctx: RunContext, state: State): Promise<Counters | undefined> | Counters | undefined;
  teardown?(ctx: RunContext, state: State): Promise<void> | void;
}

/**
 * A documented target from a seed document: the value a variant is promised to stay within.
 * `min`/`max` are inclusive bounds in the metric's unit (bytes, ms, or the counter's unit).
 */
export interface TargetDefinition {
  readonly variant: string;
  /** Only at this record count; absent means every count. */
  readonly records?: number;
  /** A metric name, or `counters.<name>` for a scenario counter. */
  readonly metric: MetricName | `counters.${string}`;
  readonly min?: number;
  readonly max?: number;
  /** Where the number comes from, e.g. `seed 001 §Performance: 15–25 MB after`. */
  readonly source: string;
}

/**
 * What a counter's numbers are: a count of things, bytes, a ratio (a fraction from 0 to 1,
 * shown as a percentage), milliseconds, or a rate per second.
 */
export type CounterUnit = 'count' | 'bytes' | 'ratio' | 'ms' | 'per-second';

/** Every {@link CounterUnit}. */
export const COUNTER_UNITS: readonly CounterUnit[] = Object.freeze(['count', 'bytes', 'ratio', 'ms', 'per-second']);

/** How a counter is shown. Written into the results document; every report formats the counter with it. */
export interface CounterDefinition {
  /** Human name, e.g. `rows read` (reports that label counters show it). @default the counter's name */
  readonly label?: string;
  /** @default guessed from the counter's name (`…Bytes`, `bytes…` are bytes, `…Ms` milliseconds, else a plain number) */
  readonly unit?: CounterUnit;
  /**
   * Shown in the console table when true. Once a scenario defines `counters`, the table shows
   * only its key counters; without `counters` it shows them all.
   */
  readonly key?: boolean;
}

/** Growth classes a budget may require. */
export type GrowthClassName = 'constant' | 'linear';

/** A growth budget naming the metrics it checks (one of `metric` or `metrics`). */
export interface GrowthBudgetDefinition {
  readonly class: GrowthClassName;
  /** The one metric to check. @default 'liveHeapDeltaBytes' (with neither field) */
  readonly metric?: MetricName;
  /** The metrics to check, each its own verdict. */
  readonly metrics?: readonly MetricName[];
}

/**
 * A budget in k6-threshold style, checked by the gate: `{ heapDeltaBytes: '<8MB' }`.
 * Parsed and validated when the scenario loads.
 */
export interface BudgetDefinition {
  readonly variant: string;
  /** Only at this record count; absent means every count. */
  readonly records?: number;
  /** Metric (or `counters.<name>`) → threshold expression such as `'<8MB'`, `'<=2.5s'`, `'>0.95'`. */
  readonly thresholds?: Readonly<Record<string, string>>;
  /**
   * Growth class the variant must keep across a sweep (`'constant'` = O(1) in records), checked
   * on `liveHeapDeltaBytes`; `{ class, metric }` or `{ class, metrics: [...] }` checks other metrics.
   */
  readonly growth?: GrowthClassName | GrowthBudgetDefinition;
  /**
   * Threshold on the retained heap per iteration (least-squares slope over the iterations
   * after the warm-up), in byte units: `'<1KB'`. The gate runs the variant with its
   * `iterations` (or the scenario's), else `DEFAULTS.leakIterations` (20).
   */
  readonly leakPerIteration?: string;
  /** Suites this budget belongs to; absent means every suite. */
  readonly suites?: readonly string[];
}

/** A scenario: data, variants, documented targets. */
export interface ScenarioDefinition {
  /** Kebab-case name used on the command line. */
  readonly name: string;
  /** One line for `heapgate list`. */
  readonly summary: string;
  /** Seed section the scenario reproduces. */
  readonly source: string;
  /** Record count used when `--records` is absent. */
  readonly defaultRecords: number;
  /**
   * Record counts of the scaling sweep (`--records sweep`). Optional in {@link ScenarioInput}:
   * defaults to `defaultRecords` with its hundredth and tenth.
   */
  readonly sweep: readonly number[];
  /** Services the harness starts before seeding. Optional in {@link ScenarioInput}: defaults to none. */
  readonly services: readonly ServiceName[];
  /**
   * Per-run timeout of every variant, in milliseconds; a variant's own `timeoutMs` and
   * `--timeout` take precedence (CLI > variant > scenario > default).
   * @default DEFAULTS.runTimeoutMs (600,000: 10 min)
   */
  readonly timeoutMs?: number;
  /**
   * Heap cap of every variant's measured child, in MB (`--max-old-space-size`), for scenarios
   * whose subject is what happens near the limit; a variant's own `maxHeapMb` and `--max-heap`
   * take precedence (CLI > variant > scenario).
   * @default V8's own limit
   */
  readonly maxHeapMb?: number;
  /**
   * Writes the data set for `records` (deterministically). Called once per (scenario, records)
   * per invocation, before any measured run; may reuse data that already exists.
   */
  seed?(ctx: SeedContext): Promise<SeedResult>;
  /**
   * The version of what `seed()` writes: set it (and bump it whenever generation changes) on a
   * scenario whose seeder writes only PostgreSQL rows that depend on nothing but `records`. The
   * harness then records each seeded record count, with the `dataset` the seeder returned, in
   * the scenario's PostgreSQL database once `seed()` has returned (`heapgate_dataset_cache`),
   * and a later invocation on the same database (the CLI's cached embedded cluster, or
   * `PG_URL`) hands that `dataset` to the variants without calling `seed()` (or importing its
   * generator). A different version, `--fresh` or a new database seeds again.
   * @default undefined (`seed()` is called every invocation and reuses what it finds itself)
   */
  readonly datasetVersion?: string | number;
  /** Starts helper servers for one record count; see {@link Fixtures}. */
  fixtures?(ctx: FixtureContext): Promise<Fixtures>;
  readonly variants: Readonly<
    Record<
      string, // biome-ignore lint/suspicious/noExplicitAny: each variant has its own setup state type; `unknown` would reject them
      VariantDefinition<any>
    >
  >;
  readonly targets?: readonly TargetDefinition[];
  readonly counters?: Readonly<Record<string, CounterDefinition>>;
  readonly budgets?: readonly BudgetDefinition[];
  /** Calls of `run` per measured child for every variant that sets none (see {@link VariantDefinition.iterations}). @default 1 */
  readonly iterations?: number;
}

/**
 * What a scenario module writes: a {@link ScenarioDefinition} whose `sweep` and `services` may be
 * left out ({@link defineScenario} fills them in).
 */
export type ScenarioInput = Omit<ScenarioDefinition, 'sweep' | 'services'> & Partial<Pick<ScenarioDefinition, 'sweep' | 'services'>>;
