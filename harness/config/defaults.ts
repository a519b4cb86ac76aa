/**
 * Every default value of the harness's options, in one place. The CLI's flag table, its help
 * text, the runner, the probe and the commands read them from here, so a default is changed
 * once and never drifts between the parser, the help and the code that applies it.
 *
 * Judging constants with their own rationale (baseline tolerances and noise floors, growth
 * floors) stay beside the rule they belong to: `DEFAULT_TOLERANCES`, `DEFAULT_NOISE_FLOORS`,
 * `DEFAULT_GROWTH_OPTIONS`.
 */

/** The defaults; see each field. Frozen. */
export const DEFAULTS = Object.freeze({
  /** Measured repeats per variant for `heapgate run` (`--repeat`). */
  runRepeat: 1,
  /** Measured repeats per variant for `heapgate gate` (`--repeat`): medians of three. */
  gateRepeat: 3,
  /** The suite `heapgate gate` checks (`--suite`). */
  suite: 'ci',
  /** A project's scenario directory, relative to its root (the config file's directory, else the working directory). */
  scenarioDir: 'heapgate',
  /** How long `heapgate/vitest`'s measuring `beforeAll` may take, in milliseconds (30 min). */
  vitestMeasureTimeoutMs: 1_800_000,
  /** Calls of `run` per measured child when neither `--iterations` nor the scenario sets any (one call, no leak fit). */
  iterations: 1,
  /** Iterations the gate runs a variant with a `leakPerIteration` budget when neither it nor its scenario sets `iterations`. */
  leakIterations: 20,
  /**
   * First iterations left out of the leak fit: they retain what a first call leaves behind
   * (lazily compiled code, feedback vectors, first-use caches, pool connections) once, not
   * per call. See `harness/growth/fit-leak.ts` for the measurement behind the count.
   */
  leakWarmupIterations: 2,
  /** Timeline sampling period of the heap probe, in milliseconds (charts only; gates use the GC profile). */
  sampleIntervalMs: 20,
  /** Timeline samples and GC events kept per run (evenly thinned beyond). */
  maxTimelinePoints: 2000,
  /**
   * A measured child still running after this long is killed, with everything it started, and
   * reported `timeout`, in milliseconds (10 min). About 20× the slowest built-in run (ccts
   * on-demand at 270,000 records, ~28 s), leaving room for a loaded 2-core machine and for
   * heap-floor probes near the floor, where GC thrashing slows a run many times over; short
   * enough that one hang no longer costs a quarter of an hour per repeat. Scenarios and variants
   * that legitimately run longer set `timeoutMs`; `--timeout` overrides both.
   */
  runTimeoutMs: 600_000,
  /**
   * While a measured child runs, a `still running` line every this many milliseconds (30 s);
   * `HEAPGATE_HEARTBEAT` (a duration such as `10s`) overrides it.
   */
  heartbeatIntervalMs: 30_000,
  /** `setTimeout`'s largest delay, in milliseconds (2^31 − 1, about 24.8 days); larger ones fire at once. */
  maxTimeoutMs: 2_147_483_647,
  /** `--heap-floor` stops bisecting when the bracket is this narrow, in MB. */
  heapFloorToleranceMb: 4,
  /** `--heap-floor` never tries a cap above this, in MB. */
  heapFloorMaxMb: 16_384,
  /** `--heap-floor` never tries a cap below this, in MB. */
  heapFloorMinMb: 8,
  /** Where results, reports and baselines live, relative to the working directory. */
  reportsDir: 'reports',
  /** Folder of committed baselines inside {@link DEFAULTS.reportsDir}: `reports/baselines/<suite>.json`. */
  baselinesDir: 'baselines',
  /** File name of the results document inside an output directory. */
  resultsFile: 'results.json',
  /**
   * How live heap is measured (`--live-heap`): `exact` adds one live-pass child per (variant,
   * records) after the measured repeats; `observed` keeps the repeats' own full GCs.
   */
  liveHeap: 'exact' as 'exact' | 'observed',
  /** The live pass's young generation, as a fraction of the median peak heap Δ (rounded up to a power of two in MB). */
  liveHeapIntervalFraction: 0.02,
  /** Smallest live-pass semi-space, in MB. */
  liveHeapMinIntervalMb: 1,
  /** Largest live-pass semi-space, in MB. */
  liveHeapMaxIntervalMb: 64,
  /** URL path under which a service's heap probe answers (`heapgate/probe`): `<prefix>/mark`, `/read`, `/status`. */
  probePathPrefix: '/__heapgate',
  /** How often a service's heap probe samples RSS between a mark and a read, in milliseconds. */
  probeRssSampleIntervalMs: 10,
  /** A service's heap probe ends a mark nobody read after this long, in milliseconds (30 min). */
  probeMaxMarkMs: 1_800_000,
  /** How long `remoteProbe` waits for one answer of a service's probe, in milliseconds (a read runs forced GCs). */
  probeRequestTimeoutMs: 60_000,
} as const);
