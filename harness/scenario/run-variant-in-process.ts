import type { Counters, RunContext, ScenarioDefinition } from './types.js';

/**
 * Runs one variant's `setup` → `run` → `teardown` in the calling process: no child process, no
 * probe, no measurement. For tests of what a scenario computes (its counters, its results), not
 * of its memory; `teardown` runs even when `run` throws.
 *
 * @param ctx Everything of the variant's {@link RunContext} but the scenario name (taken from
 *   `scenario`); `variant` selects which variant runs.
 * @returns The counters `run` returned (`{}` when it returned nothing).
 * @throws Error when `scenario` has no variant `ctx.variant`; whatever a hook throws.
 */
export async function runVariantInProcess(scenario: ScenarioDefinition, ctx: Omit<RunContext, 'scenario'>): Promise<Counters> {
  const variant = scenario.variants[ctx.variant];
  if (!variant) throw new Error(`scenario ${scenario.name} has no variant ${ctx.variant}`);
  const full: RunContext = { ...ctx, scenario: scenario.name };
  const state = await variant.setup?.(full);
  try {
    return (await variant.run(full, state)) ?? {};
  } finally {
    await variant.teardown?.(full, state);
  }
}
