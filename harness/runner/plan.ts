/**
 * The plan of one invocation: scenarios × record counts × variants × repeats, resolved from
 * the CLI's flags against the loaded scenarios. Pure; no services are touched here.
 */
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { ScenarioDefinition } from '../scenario/types.js';

/** Which record counts to run: the scenario's default, its sweep, or explicit counts. */
export type RecordsSelection = 'default' | 'sweep' | readonly number[];

/** Which variants to run: all of each scenario's, or these names. */
export type VariantSelection = 'all' | readonly string[];

/** One scenario's part of the plan. */
export interface PlannedScenario {
  readonly scenario: LoadedScenario;
  readonly records: readonly number[];
  readonly variants: readonly string[];
  /** Calls of `run` per child, by variant; a variant absent here gets 1. */
  readonly iterations?: Readonly<Record<string, number>>;
}

/** The resolved plan. */
export interface Plan {
  readonly scenarios: readonly PlannedScenario[];
  readonly repeat: number;
  /** Total measured runs, for progress. */
  readonly totalRuns: number;
}

/**
 * Calls of `run` per child for `variant` when the command line says nothing: the variant's
 * `iterations`, else its scenario's, else {@link DEFAULTS.leakIterations} when a budget of
 * the variant (in `suite`, when given) has `leakPerIteration` — a leak needs a fit — else 1.
 */
export function iterationsFor(def: ScenarioDefinition, variant: string, suite?: string): number {
  const declared = def.variants[variant]?.iterations ?? def.iterations;
  if (declared !== undefined) return declared;
  const leakBudget = (def.budgets ?? []).some(
    (b) =>
      b.variant === variant &&
      b.leakPerIteration !== undefined &&
      (suite === undefined || b.suites === undefined || b.suites.includes(suite)),
  );
  return leakBudget ? DEFAULTS.leakIterations : DEFAULTS.iterations;
}

/** Resolves a plan; throws {@link UsageError} for a variant no selected scenario has. */
export function resolvePlan(
  selected: readonly LoadedScenario[],
  options: {
    records: RecordsSelection;
    variants: VariantSelection;
    repeat: number;
    /** `--iterations`: for every variant. @default {@link iterationsFor} each variant */
    iterations?: number;
  },
): Plan {
  const scenarios = selected.map((scenario): PlannedScenario => {
    const def = scenario.definition;
    const records =
      options.records === 'default' ? [def.defaultRecords] : options.records === 'sweep' ? [...def.sweep] : [...options.records];
    const all = Object.keys(def.variants);
    const variants = options.variants === 'all' ? all : options.variants.filter((v) => all.includes(v));
    const iterations = Object.fromEntries(variants.map((v) => [v, options.iterations ?? iterationsFor(def, v)]));
    return { scenario, records, variants, iterations };
  });
  if (options.variants !== 'all') {
    for (const v of options.variants) {
      if (!scenarios.some((s) => s.variants.includes(v))) {
        const known = [...new Set(scenarios.flatMap((s) => Object.keys(s.scenario.definition.variants)))];
        throw new UsageError(`--variant: no selected scenario has a variant "${v}" (known: ${known.join(', ')})`);
      }
    }
  }
  const totalRuns = scenarios.reduce((n, s) => n + s.records.length * s.variants.length * options.repeat, 0);
  return { scenarios, repeat: options.repeat, totalRuns };
}
