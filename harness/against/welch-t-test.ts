/**
 * Welch's unequal-variances t-test (B. L. Welch, "The generalization of 'Student's' problem
 * when several different population variances are involved", Biometrika 34, 1947), one-sided:
 * is the mean of `head` larger (or smaller) than the mean of `base`? The paired `--against`
 * comparison decides each metric with it (see `compare-paired.ts`).
 *
 * t = (x̄ₕ − x̄ᵦ) / √(sₕ²/nₕ + sᵦ²/nᵦ), with the Welch–Satterthwaite degrees of freedom
 * ν = (sₕ²/nₕ + sᵦ²/nᵦ)² / ((sₕ²/nₕ)²/(nₕ−1) + (sᵦ²/nᵦ)²/(nᵦ−1)); the p-values come from
 * Student's t with ν degrees of freedom (`harness/growth/student-t.ts`).
 */
import { studentTCdf } from '../growth/student-t.js';

/** What {@link welchTTest} found. */
export interface WelchResult {
  /** Mean of `head` minus mean of `base`. */
  readonly meanDifference: number;
  readonly headMean: number;
  readonly baseMean: number;
  /** The t statistic; ±Infinity when both samples have no variance and their means differ, 0 when they are equal. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (Infinity when both samples have no variance). */
  readonly degreesOfFreedom: number;
  /** One-sided p-value of "head's mean is larger than base's". */
  readonly pGreater: number;
  /** One-sided p-value of "head's mean is smaller than base's". */
  readonly pLess: number;
}

/** Arithmetic mean (NaN for an empty sample). */
export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return xs.length === 0 ? Number.NaN : sum / xs.length;
}

/** Unbiased sample variance (denominator n − 1); 0 for fewer than two values. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let sum = 0;
  for (const x of xs) sum += (x - m) ** 2;
  return sum / (xs.length - 1);
}

/**
 * Welch's t-test of `head` against `base`.
 * @throws TypeError when either sample has fewer than two values (a variance needs two).
 */
export function welchTTest(head: readonly number[], base: readonly number[]): WelchResult {
  if (head.length < 2 || base.length < 2) {
    throw new TypeError(`welchTTest: each sample needs at least two values, got ${head.length} and ${base.length}`);
  }
  const headMean = mean(head);
  const baseMean = mean(base);
  const meanDifference = headMean - baseMean;
  const seHead = sampleVariance(head) / head.length;
  const seBase = sampleVariance(base) / base.length;
  const se2 = seHead + seBase;
  if (se2 === 0) {
    // Both samples constant: any difference is certain, none is no evidence either way.
    const t = meanDifference === 0 ? 0 : meanDifference > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    const pGreater = meanDifference > 0 ? 0 : meanDifference < 0 ? 1 : 0.5;
    return { meanDifference, headMean, baseMean, t, degreesOfFreedom: Number.POSITIVE_INFINITY, pGreater, pLess: 1 - pGreater };
  }
  const t = meanDifference / Math.sqrt(se2);
  const degreesOfFreedom = se2 ** 2 / (seHead ** 2 / (head.length - 1) + seBase ** 2 / (base.length - 1));
  const pGreater = 1 - studentTCdf(t, degreesOfFreedom);
  return { meanDifference, headMean, baseMean, t, degreesOfFreedom, pGreater, pLess: 1 - pGreater };
}
