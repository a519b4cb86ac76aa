/**
 * Ordinary least squares of y on x with the uncertainty a decision needs: R², the standard
 * error of the slope, its confidence interval, and the confidence band of the fitted line (for
 * inverse prediction: where does the line reach a limit?). Used by the leak fit (retained heap
 * against the iteration number) and the capacity projection (heap against records).
 */
import { studentTQuantile } from './student-t.js';

/** Confidence level of every interval heapgate reports. */
export const CONFIDENCE_LEVEL = 0.95;

/** A least-squares line and its uncertainty. */
export interface LineFit {
  /** Points fitted. */
  readonly n: number;
  /** Units of y per unit of x. */
  readonly slope: number;
  /** Fitted y at x = 0. */
  readonly intercept: number;
  /**
   * Share of y's variance the line explains, in [0, 1]; NaN when y does not vary at all
   * (a flat series: nothing to explain, and the slope is exactly 0).
   */
  readonly r2: number;
  /** Standard deviation of the residuals (n − 2 degrees of freedom); NaN with fewer than 3 points. */
  readonly residualStandardError: number;
  /** Standard error of the slope; NaN with fewer than 3 points. */
  readonly slopeStandardError: number;
  /** {@link CONFIDENCE_LEVEL} interval of the slope (Student's t, n − 2 degrees of freedom); NaN with fewer than 3 points. */
  readonly slopeLow: number;
  readonly slopeHigh: number;
  /** Mean of x, and Σ(x − x̄)²: what {@link confidenceBand} needs. */
  readonly meanX: number;
  readonly sxx: number;
}

/**
 * Fits `ys` against `xs` by least squares.
 * @throws TypeError when the lengths differ, a value is not finite, or fewer than two distinct x are given.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.length !== ys.length) throw new TypeError(`fitLine: ${xs.length} x values but ${ys.length} y values`);
  if (![...xs, ...ys].every(Number.isFinite)) throw new TypeError('fitLine: every value must be a finite number');
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) throw new TypeError('fitLine: needs at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i += 1) sse += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  // Rounding can leave a perfect fit a hair above zero, or SSE a hair above SYY.
  const r2 = syy > 0 ? Math.min(1, Math.max(0, 1 - sse / syy)) : Number.NaN;
  const df = n - 2;
  const residualStandardError = df > 0 ? Math.sqrt(sse / df) : Number.NaN;
  const slopeStandardError = df > 0 ? residualStandardError / Math.sqrt(sxx) : Number.NaN;
  const t = df > 0 ? studentTQuantile(1 - (1 - CONFIDENCE_LEVEL) / 2, df) : Number.NaN;
  return Object.freeze({
    n,
    slope,
    intercept,
    r2,
    residualStandardError,
    slopeStandardError,
    slopeLow: slope - t * slopeStandardError,
    slopeHigh: slope + t * slopeStandardError,
    meanX,
    sxx,
  });
}

/**
 * The {@link CONFIDENCE_LEVEL} confidence band of the fitted line's MEAN at `x`:
 * `ŷ ± t · s · √(1/n + (x − x̄)²/Sxx)`. It widens away from the data, which is what an
 * extrapolation's uncertainty should do. NaN bounds with fewer than 3 points.
 */
export function confidenceBand(fit: LineFit, x: number): { readonly low: number; readonly mid: number; readonly high: number } {
  const mid = fit.intercept + fit.slope * x;
  const df = fit.n - 2;
  if (df <= 0) return { low: Number.NaN, mid, high: Number.NaN };
  const t = studentTQuantile(1 - (1 - CONFIDENCE_LEVEL) / 2, df);
  const half = t * fit.residualStandardError * Math.sqrt(1 / fit.n + (x - fit.meanX) ** 2 / fit.sxx);
  return { low: mid - half, mid, high: mid + half };
}
