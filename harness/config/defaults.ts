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
  /** URL path under which a service's heap probe answers (`heapgate/probe`): `<prefix>/mark`, `/read`, `/status`. */
  probePathPrefix: '/__heapgate',
  /** How often a service's heap probe samples RSS between a mark and a read, in milliseconds. */
  probeRssSampleIntervalMs: 10,
  /** A service's heap probe ends a mark nobody read after this long, in milliseconds (30 min). */
  probeMaxMarkMs: 1_800_000,
  /** How long `remoteProbe` waits for one answer of a service's probe, in milliseconds (a read runs forced GCs). */
  probeRequestTimeoutMs: 60_000,
} as const);
