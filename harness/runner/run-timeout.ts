/** Which timeout a measured run gets: `--timeout`, then the variant's, then the scenario's, then the default. */
import { DEFAULTS } from '../config/defaults.js';
import type { ScenarioDefinition } from '../scenario/types.js';

/** A run's timeout and where it came from (named in a `timeout` result's message). */
export interface RunTimeout {
  /** In milliseconds. */
  readonly timeoutMs: number;
  readonly source: '--timeout' | 'variant timeoutMs' | 'scenario timeoutMs' | 'the default';
}

/**
 * Resolves the timeout of `variant`'s runs, in precedence order: the CLI's `--timeout`
 * (`cliTimeoutMs`), the variant's `timeoutMs`, the scenario's `timeoutMs`, then
 * `DEFAULTS.runTimeoutMs`. The command line wins because it is what the person running it
 * decided just now, for this machine.
 */
export function resolveRunTimeout(definition: ScenarioDefinition, variant: string, cliTimeoutMs: number | undefined): RunTimeout {
  if (cliTimeoutMs !== undefined) return { timeoutMs: cliTimeoutMs, source: '--timeout' };
  const own = definition.variants[variant]?.timeoutMs;
  if (own !== undefined) return { timeoutMs: own, source: 'variant timeoutMs' };
  if (definition.timeoutMs !== undefined) return { timeoutMs: definition.timeoutMs, source: 'scenario timeoutMs' };
  return { timeoutMs: DEFAULTS.runTimeoutMs, source: 'the default' };
}
