/**
 * heapgate's public API for scenario authors: `import { defineScenario } from 'heapgate'`.
 * Re-exports only; logic lives in harness/.
 */
export { defaultSweep, defineScenario, validateScenario } from './harness/scenario/define-scenario.js';
export { runVariantInProcess } from './harness/scenario/run-variant-in-process.js';
/**
 * The CLI's `run` and `gate` from code: each measures, judges, writes the reports as the command
 * does and returns the results document (`verdicts`, `runs[].status`). Loaded only when called.
 */
export { gate, run } from './harness/api/entry.js';
export type { GateApiOptions } from './harness/api/gate.js';
/** Types a project's `heapgate.config.{js,mjs,ts}`: scenario dirs, suites, repeats, timeouts, Node flags for the child. */
export { defineConfig, type HeapgateConfig } from './harness/config/project-config.js';
export type { RunApiOptions } from './harness/api/run.js';
export type {
  BudgetDefinition,
  CounterDefinition,
  Counters,
  FixtureContext,
  Fixtures,
  JsonValue,
  MetricName,
  PostgresEndpoint,
  RedisEndpoint,
  RunContext,
  S3Endpoint,
  ScenarioDefinition,
  ScenarioInput,
  SeedContext,
  SeedResult,
  ServiceEndpoints,
  ServiceName,
  TargetDefinition,
  VariantDefinition,
} from './harness/scenario/types.js';
export type { ResultsDocument, RunResult, Summary, Verdict, Metrics, RunStatus } from './harness/results/results-document.js';
/**
 * Errors heapgate throws, each with a stable `code`: catch `HeapgateError` for all of them, or
 * one class (`ScenarioDefinitionError` from `defineScenario`, `BudgetDefinitionError` for a bad
 * budget, `ServiceError` for a service that cannot start, `UsageError` for the rest).
 */
export { HeapgateError, MissingDependencyError, ScenarioDefinitionError, ServiceError, UsageError } from './harness/errors.js';
export type { HeapgateErrorCode } from './harness/errors.js';
/** A malformed budget: a `UsageError` that `defineScenario` (and so the loader) throws, naming the file and field. */
export { BudgetDefinitionError } from './harness/budgets/budget-definition-error.js';
/**
 * Load: `runLoad(target, profile)` puts a service under load from a separate process (autocannon,
 * or k6 with `--load k6`) and returns counters named alike for every load scenario; the service
 * runs in the measured process, so its heap is what heapgate measures.
 */
export { runLoad, type LoadRun, type LoadTool, type RunLoadOptions } from './harness/load/run-load.js';
export { LOAD_COUNTER_DEFINITIONS, type LoadCounters } from './harness/load/load-counters.js';
export { LOAD_LIMITS, type LoadProfile, type LoadRequest, type LoadTargetOptions } from './harness/load/load-profile.js';
export type { K6Options } from './harness/load/run-k6.js';
