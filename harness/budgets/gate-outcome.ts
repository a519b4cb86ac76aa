/**
 * The gate's decision from a list of verdicts: which failures fail the build. An advisory
 * verdict (`Verdict.advisory`) never does, whatever its kind: it is a warning.
 */
import type { Verdict } from '../results/results-document.js';

/** Verdict kinds whose failures fail the gate by default: budgets and baseline regressions. */
export const GATING_VERDICT_KINDS: readonly Verdict['kind'][] = Object.freeze(['budget', 'baseline']);

/** What the gate decided. */
export interface GateOutcome {
  /** True when no gating verdict failed. Exit 0 when true, 1 when false. */
  readonly pass: boolean;
  /** Failing verdicts of a gating kind, in input order. */
  readonly failures: readonly Verdict[];
  /** Failing verdicts of a non-gating kind (missed documented targets), reported only. */
  readonly notGated: readonly Verdict[];
  /** Failing advisory verdicts (`Verdict.advisory`: wall time against the baseline), reported as warnings only. */
  readonly warnings: readonly Verdict[];
}

/**
 * Splits failing verdicts into gating failures and reported-only ones.
 *
 * @param gatingKinds Kinds whose failures fail the build.
 *   @default GATING_VERDICT_KINDS (`budget`, `baseline`); documented targets are aspirations
 *   from the seed documents and are shown, not gated, unless listed here.
 */
export function gateOutcome(verdicts: readonly Verdict[], gatingKinds: readonly Verdict['kind'][] = GATING_VERDICT_KINDS): GateOutcome {
  const failing = verdicts.filter((v) => !v.pass);
  const warnings = failing.filter((v) => v.advisory);
  const failures = failing.filter((v) => !v.advisory && gatingKinds.includes(v.kind));
  const notGated = failing.filter((v) => !v.advisory && !gatingKinds.includes(v.kind));
  return Object.freeze({
    pass: failures.length === 0,
    failures: Object.freeze(failures),
    notGated: Object.freeze(notGated),
    warnings: Object.freeze(warnings),
  });
}

/** True when `v` fails, is not advisory, and its kind gates. */
export function isGatingFailure(v: Verdict, gatingKinds: readonly Verdict['kind'][] = GATING_VERDICT_KINDS): boolean {
  return !v.pass && !v.advisory && gatingKinds.includes(v.kind);
}

/** True when `v` is a failing advisory verdict: a warning. */
export function isWarning(v: Verdict): boolean {
  return !v.pass && v.advisory === true;
}
