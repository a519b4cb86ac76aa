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
  /** A measured child still running after this long is killed and reported `crashed`, in milliseconds (15 min). */
  runTimeoutMs: 900_000,
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
} as const);
