/**
 * The plan of one invocation: scenarios × record counts × variants × repeats, resolved from
 * the CLI's flags against the loaded scenarios. Pure; no services are touched here.
 */
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';

/** Which record counts to run: the scenario's default, its sweep, or explicit counts. */
export type RecordsSelection = 'default' | 'sweep' | readonly number[];

/** Which variants to run: all of each scenario's, or these names. */
export type VariantSelection = 'all' | readonly string[];

/** One scenario's part of the plan. */
export interface PlannedScenario {
  readonly scenario: LoadedScenario;
  readonly records: readonly number[];
  readonly variants: readonly string[];
}

/** The resolved plan. */
export interface Plan {
  readonly scenarios: readonly PlannedScenario[];
  readonly repeat: number;
  /** Total measured runs, for progress. */
  readonly totalRuns: number;
}

/** Resolves a plan; throws {@link UsageError} for a variant no selected scenario has. */
export function resolvePlan(
  selected: readonly LoadedScenario[],
  options: { records: RecordsSelection; variants: VariantSelection; repeat: number },
): Plan {
  const scenarios = selected.map((scenario): PlannedScenario => {
    const def = scenario.definition;
    const records =
      options.records === 'default' ? [def.defaultRecords] : options.records === 'sweep' ? [...def.sweep] : [...options.records];
    const all = Object.keys(def.variants);
    const variants = options.variants === 'all' ? all : options.variants.filter((v) => all.includes(v));
    return { scenario, records, variants };
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
