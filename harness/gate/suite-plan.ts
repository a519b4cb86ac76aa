/**
 * What a gate suite runs: every (scenario, variant, records) that a budget of the suite checks
 * (one that lists the suite in `suites`, or has no `suites`). Threshold and leak budgets run at their `records` (or the scenario's default); growth budgets
 * run the scenario's whole sweep, since a growth class needs several sizes. A variant with a
 * `leakPerIteration` budget runs with its `iterations` (or its scenario's), else
 * `DEFAULTS.leakIterations` (20), at every record count it is planned for.
 */
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import { iterationsFor, type Plan, type PlannedScenario } from '../runner/plan.js';

/** Resolves the suite's plan; a suite no budget names is a usage error. */
export function resolveSuitePlan(loaded: readonly LoadedScenario[], suite: string, repeat: number): Plan {
  const entries: PlannedScenario[] = [];
  for (const scenario of loaded) {
    const def = scenario.definition;
    const recordsByVariant = new Map<string, Set<number>>();
    for (const budget of def.budgets ?? []) {
      // A budget without `suites` belongs to every suite (as evaluateBudgets applies it).
      if (budget.suites !== undefined && !budget.suites.includes(suite)) continue;
      const set = recordsByVariant.get(budget.variant) ?? new Set<number>();
      if (budget.growth) for (const n of def.sweep) set.add(n);
      if (budget.thresholds || budget.leakPerIteration) set.add(budget.records ?? def.defaultRecords);
      recordsByVariant.set(budget.variant, set);
    }
    // Variants that need the same record counts share one entry (one seeding, interleaved runs).
    const byRecords = new Map<string, { records: number[]; variants: string[] }>();
    for (const [variant, set] of recordsByVariant) {
      const records = [...set].sort((a, b) => a - b);
      const key = records.join(',');
      const group = byRecords.get(key) ?? { records, variants: [] };
      group.variants.push(variant);
      byRecords.set(key, group);
    }
    for (const group of byRecords.values()) {
      // A variant with a leak budget runs iterated (iterationsFor), whatever else it is gated on.
      const iterations = Object.fromEntries(group.variants.map((v) => [v, iterationsFor(def, v, suite)]));
      entries.push({ scenario, records: group.records, variants: group.variants, iterations });
    }
  }
  if (entries.length === 0) {
    throw new UsageError(`suite "${suite}" has no budgets: add a budget to a scenario (without suites, or with suites: ['${suite}'])`);
  }
  const totalRuns = entries.reduce((n, e) => n + e.records.length * e.variants.length * repeat, 0);
  return { scenarios: entries, repeat, totalRuns };
}
