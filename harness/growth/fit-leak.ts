/**
 * The leak fit of an iterated run (`--iterations N`): `run` is called N times in one child
 * against the same setup state, and after each call the child reads the settled heap outside
 * code space (`settledHeapOutsideCode` in the probe: GC, one event-loop turn, GC). Retained heap
 * against the iteration number, fitted by least squares over the iterations after the warm-up,
 * gives bytes per iteration: a leak of a few KB per call, far below the noise of one call's
 * retained figure (±100 KB), is a clean slope over 18 calls. The child runs V8's interpreter only
 * (`ITERATED_RUN_V8_FLAGS` in `runner/run-child.ts`), or optimised code keeps arriving.
 *
 * The same idea as VS Code's memory-leak harness (baseline → run every scenario → back to a
 * clean state → measure again, GC forced twice per measurement, residual growth per iteration
 * against a threshold) and memlab's repeated runs.
 *
 * ## Warm-up
 * The first iterations retain what a first call leaves behind once: lazily compiled bytecode,
 * feedback, first-use caches, pooled connections. They are left out of the fit
 * ({@link DEFAULTS.leakWarmupIterations}: 2). Measured over 30 iterations of `suggestions`
 * (all three variants), `ccts` before and preload, and fixtures that keep nothing: the first
 * call retained 17 KB–3.4 MB, the second 1–8 KB more, and from the third on the changes stayed
 * within ±2 KB without a trend (slopes over iterations 3–30 of −5 to +12 B per iteration; with
 * the first iteration alone left out, up to 10 B; with none, up to 52 B).
 */
import { DEFAULTS } from '../config/defaults.js';
import type { LeakFit } from '../results/results-document.js';
import { fitLine } from './linear-fit.js';

/** Iterations a line with an uncertainty needs (two points fit exactly and say nothing). */
export const MIN_FITTED_ITERATIONS = 3;

/** The smallest iteration count above 1 that can be fitted: the warm-up plus {@link MIN_FITTED_ITERATIONS}. */
export function minimumLeakIterations(warmupIterations: number = DEFAULTS.leakWarmupIterations): number {
  return warmupIterations + MIN_FITTED_ITERATIONS;
}

/**
 * Why `value` is not a valid iteration count, or undefined when it is: 1 (one call, no fit) or
 * at least {@link minimumLeakIterations}.
 */
export function iterationsProblem(value: unknown): string | undefined {
  const min = minimumLeakIterations();
  if (typeof value === 'number' && Number.isSafeInteger(value) && (value === 1 || value >= min)) return undefined;
  return (
    `must be 1 (one call) or a whole number of at least ${min} ` +
    `(the first ${DEFAULTS.leakWarmupIterations} are warm-up, left out of the fit, and a line with an uncertainty needs ${MIN_FITTED_ITERATIONS} points)`
  );
}

/**
 * Fits `retainedBytes` (used heap after each iteration's settling GC minus the run's baseline,
 * in iteration order) against the iteration number, leaving out the first `warmupIterations`.
 *
 * @param warmupIterations @default DEFAULTS.leakWarmupIterations
 * @throws TypeError when there are fewer than warm-up + 3 readings or a reading is not finite.
 */
export function fitLeak(retainedBytes: readonly number[], warmupIterations: number = DEFAULTS.leakWarmupIterations): LeakFit {
  const min = minimumLeakIterations(warmupIterations);
  if (retainedBytes.length < min) {
    throw new TypeError(
      `fitLeak: ${retainedBytes.length} readings; ${min} are needed (${warmupIterations} warm-up + ${MIN_FITTED_ITERATIONS})`,
    );
  }
  // Iteration numbers are 1-based: the reading after the first call is iteration 1.
  const xs = retainedBytes.map((_, i) => i + 1).slice(warmupIterations);
  const line = fitLine(xs, retainedBytes.slice(warmupIterations));
  return Object.freeze({
    iterations: retainedBytes.length,
    warmupIterations,
    retainedBytes: Object.freeze([...retainedBytes]),
    bytesPerIteration: line.slope,
    interceptBytes: line.intercept,
    r2: line.r2,
    standardErrorBytes: line.slopeStandardError,
    lowBytesPerIteration: line.slopeLow,
    highBytesPerIteration: line.slopeHigh,
  });
}
