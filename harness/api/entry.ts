/**
 * `run` and `gate` as the `heapgate` entry exports them: each loads the runner, reporters and
 * providers only when called. Scenario modules import `heapgate` too, in the measured child,
 * which must not load the whole tool to get `defineScenario`.
 */
import type { ResultsDocument } from '../results/results-document.js';
import type { GateApiOptions } from './gate.js';
import type { RunApiOptions } from './run.js';

/** Runs scenarios as `heapgate run` does and returns the results document; see `harness/api/run.ts`. */
export async function run(options: RunApiOptions): Promise<ResultsDocument> {
  return (await import('./run.js')).run(options);
}

/** Runs a gate suite as `heapgate gate` does and returns the results document; see `harness/api/gate.ts`. */
export async function gate(options: GateApiOptions = {}): Promise<ResultsDocument> {
  return (await import('./gate.js')).gate(options);
}
