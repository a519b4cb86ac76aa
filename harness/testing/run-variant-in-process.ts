import type { Counters, RunContext, ScenarioDefinition } from '../scenario/types.js';

/**
 * Runs one variant's setup → run → teardown in the test process (no child, no measurement):
 * for tests of a scenario's behaviour (counters, correctness), not of its memory.
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
