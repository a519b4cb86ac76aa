/**
 * heapgate's public API for scenario authors: `import { defineScenario } from 'heapgate'`.
 * Re-exports only; logic lives in harness/.
 */
export { defaultSweep, defineScenario, validateScenario } from './harness/scenario/define-scenario.js';
export { runVariantInProcess } from './harness/scenario/run-variant-in-process.js';
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
export { HeapgateError, UsageError, ServiceError, ScenarioDefinitionError } from './harness/errors.js';
export type { HeapgateErrorCode } from './harness/errors.js';
/** A malformed budget: a `UsageError` that `defineScenario` (and so the loader) throws, naming the file and field. */
export { BudgetDefinitionError } from './harness/budgets/budget-definition-error.js';
