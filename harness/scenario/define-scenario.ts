import { type BudgetScenario, validateBudgets } from '../budgets/validate-budgets.js';
import { DEFAULTS } from '../config/defaults.js';
import { ScenarioDefinitionError } from '../errors.js';
import { iterationsProblem } from '../growth/fit-leak.js';
import { METRIC_NAMES, type ScenarioDefinition, type ScenarioInput, type ServiceName } from './types.js';

const SERVICE_NAMES: readonly ServiceName[] = ['postgres', 'redis', 's3'];
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Validates a scenario definition, its `budgets` included, fills in the optional fields
 * (`sweep`, `services`; see {@link ScenarioInput}) and returns it frozen. Importing a module
 * whose default export is built with it therefore proves the scenario loads: a scenario's own
 * tests need no other check.
 *
 * @param file Named first in error messages. @default none: the loader adds the module's file
 * @throws ScenarioDefinitionError naming the offending field (and the scenario, once its name
 *   is valid); BudgetDefinitionError (a usage error) for a malformed budget, likewise.
 *
 * @example
 * export default defineScenario({ name: 'orders', summary: '…', source: 'design doc §3',
 *   defaultRecords: 10_000, variants: { before: {...}, after: {...} } });
 */
export function defineScenario<T extends ScenarioInput>(definition: T, file?: string): T & Pick<ScenarioDefinition, 'sweep' | 'services'> {
  const full = withScenarioDefaults(definition);
  validateScenario(full, file);
  return Object.freeze(full) as T & Pick<ScenarioDefinition, 'sweep' | 'services'>;
}

/**
 * A copy of `value` with `sweep` and `services` filled in when absent; anything that is not an
 * object is returned as is (for {@link validateScenario} to reject).
 */
export function withScenarioDefaults(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const s = value as Record<string, unknown>;
  if (s.sweep !== undefined && s.services !== undefined) return value;
  return {
    ...s,
    sweep: s.sweep ?? (isPositiveInteger(s.defaultRecords) ? defaultSweep(s.defaultRecords) : undefined),
    services: s.services ?? [],
  };
}

/**
 * The checks behind {@link defineScenario}, budgets last (see `validateBudgets`); also applied
 * to plain objects loaded from files.
 *
 * @param file Named first in error messages.
 * @throws ScenarioDefinitionError for a malformed field; BudgetDefinitionError for a malformed
 *   budget.
 */
export function validateScenario(value: unknown, file?: string): asserts value is ScenarioDefinition {
  let scenario: string | undefined;
  const fail = (field: string, message: string): never => {
    throw new ScenarioDefinitionError(field, message, { file, scenario });
  };
  if (typeof value !== 'object' || value === null) fail('scenario', 'must be an object');
  const s = value as Record<string, unknown>;
  if (typeof s.name !== 'string' || !NAME_PATTERN.test(s.name)) {
    fail('name', 'must be a kebab-case string such as "suggestions"');
  }
  scenario = s.name as string;
  if (typeof s.summary !== 'string' || s.summary.length === 0) fail('summary', 'must be a non-empty string');
  if (typeof s.source !== 'string') fail('source', 'must name the seed section it reproduces');
  if (!isPositiveInteger(s.defaultRecords)) fail('defaultRecords', 'must be a positive integer');
  if (!Array.isArray(s.sweep) || s.sweep.length === 0 || !s.sweep.every(isPositiveInteger)) {
    fail('sweep', 'must be a non-empty array of positive integers (or left out: defaultRecords and its tenth and hundredth)');
  }
  if (!Array.isArray(s.services) || !s.services.every((x) => SERVICE_NAMES.includes(x as ServiceName))) {
    fail('services', `must be an array of ${SERVICE_NAMES.join(', ')}`);
  }
  for (const hook of ['seed', 'fixtures'] as const) {
    if (s[hook] !== undefined && typeof s[hook] !== 'function') fail(hook, 'must be a function');
  }
  if (s.timeoutMs !== undefined && !isTimeoutMs(s.timeoutMs)) fail('timeoutMs', TIMEOUT_MS_RULE);
  if (s.maxHeapMb !== undefined && !isPositiveInteger(s.maxHeapMb)) fail('maxHeapMb', MAX_HEAP_MB_RULE);
  if (
    s.datasetVersion !== undefined &&
    !(typeof s.datasetVersion === 'string' && s.datasetVersion.length > 0) &&
    !(Number.isInteger(s.datasetVersion) && (s.datasetVersion as number) >= 0)
  ) {
    fail('datasetVersion', 'must be a non-empty string or a non-negative integer');
  }
  if (s.datasetVersion !== undefined && !(s.services as string[]).includes('postgres')) {
    fail('datasetVersion', "needs the postgres service: the seeded data sets are recorded in PostgreSQL (services: ['postgres'])");
  }
  if (typeof s.variants !== 'object' || s.variants === null || Object.keys(s.variants).length === 0) {
    fail('variants', 'must name at least one variant');
  }
  for (const [name, variant] of Object.entries(s.variants as Record<string, unknown>)) {
    if (!NAME_PATTERN.test(name)) fail(`variants.${name}`, 'variant names are kebab-case');
    if (name === 'all') fail(`variants.${name}`, '"all" is reserved for --variant all');
    const v = variant as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null) fail(`variants.${name}`, 'must be an object');
    if (typeof v!.run !== 'function') fail(`variants.${name}.run`, 'must be a function');
    for (const hook of ['setup', 'teardown'] as const) {
      if (v![hook] !== undefined && typeof v![hook] !== 'function') fail(`variants.${name}.${hook}`, 'must be a function');
    }
    if (v!.timeoutMs !== undefined && !isTimeoutMs(v!.timeoutMs)) fail(`variants.${name}.timeoutMs`, TIMEOUT_MS_RULE);
    if (v!.maxHeapMb !== undefined && !isPositiveInteger(v!.maxHeapMb)) fail(`variants.${name}.maxHeapMb`, MAX_HEAP_MB_RULE);
    const iterations = v!.iterations === undefined ? undefined : iterationsProblem(v!.iterations);
    if (iterations) fail(`variants.${name}.iterations`, iterations);
  }
  const iterations = s.iterations === undefined ? undefined : iterationsProblem(s.iterations);
  if (iterations) fail('iterations', iterations);
  const variantNames = Object.keys(s.variants as object);
  const targets = s.targets ?? [];
  if (!Array.isArray(targets)) fail('targets', 'must be an array');
  (targets as Record<string, unknown>[]).forEach((t, i) => {
    if (!variantNames.includes(t.variant as string)) fail(`targets[${i}].variant`, `unknown variant "${String(t.variant)}"`);
    const metric = t.metric as string;
    if (!(METRIC_NAMES as readonly string[]).includes(metric) && !/^counters\.[A-Za-z0-9_]+$/.test(metric)) {
      fail(`targets[${i}].metric`, `"${metric}" is not a metric or counters.<name>`);
    }
    if (t.min === undefined && t.max === undefined) fail(`targets[${i}]`, 'needs min or max');
    for (const k of ['min', 'max'] as const) {
      if (t[k] !== undefined && (typeof t[k] !== 'number' || !Number.isFinite(t[k]))) fail(`targets[${i}].${k}`, 'must be a finite number');
    }
    if (typeof t.source !== 'string' || t.source.length === 0) fail(`targets[${i}].source`, 'must cite the seed');
  });
  // Budgets refer to the variants and counters above, so they are checked once those are sound.
  validateBudgets(s as unknown as BudgetScenario, file);
}

const MAX_HEAP_MB_RULE = 'must be a whole number of megabytes ≥ 1 (--max-old-space-size)';
const TIMEOUT_MS_RULE = `must be a whole number of milliseconds from 1 to ${DEFAULTS.maxTimeoutMs} (setTimeout's limit, about 24.8 days)`;

/** A timeout a Node timer can wait: beyond `DEFAULTS.maxTimeoutMs` `setTimeout` fires at once. */
function isTimeoutMs(x: unknown): x is number {
  return isPositiveInteger(x) && x <= DEFAULTS.maxTimeoutMs;
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

/**
 * The sweep a scenario gets when it declares none: `defaultRecords` and its hundredth and tenth,
 * e.g. 100,000 → [1,000, 10,000, 100,000] — two decades, enough to tell constant from linear.
 */
export function defaultSweep(defaultRecords: number): number[] {
  const counts = [Math.round(defaultRecords / 100), Math.round(defaultRecords / 10), defaultRecords].filter((n) => n >= 1);
  return [...new Set(counts)];
}
