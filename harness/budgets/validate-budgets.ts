/**
 * Load-time validation of a scenario's `budgets`: every variant, record count, metric and
 * threshold expression is checked once, so a typo fails before any service starts (exit 2),
 * naming the file and the field.
 */
import { HeapgateError } from '../errors.js';
import { METRIC_NAMES, type BudgetDefinition, type CounterDefinition, type GrowthClassName, type MetricName } from '../scenario/types.js';
import { minimumLeakIterations } from '../growth/fit-leak.js';
import { BudgetDefinitionError } from './budget-definition-error.js';
import { parseThreshold, type Threshold, type ThresholdUnitKind } from './threshold.js';

/** Growth classes a budget may require (see `harness/growth/fit-growth.ts`). */
export const BUDGET_GROWTH_CLASSES = Object.freeze(['constant', 'linear'] as const);

/** A budget's growth requirement after validation. */
export interface ResolvedGrowth {
  readonly class: GrowthClassName;
  /**
   * The metrics the budget names (`metric` or `metrics`); absent for `growth: 'constant'` /
   * `'linear'` and `{ class }` alone, which check the default (`DEFAULT_GROWTH_BUDGET_METRICS`).
   */
  readonly metrics?: readonly MetricName[];
}

/** One metric threshold of a budget, parsed. */
export interface BudgetThreshold {
  /** A metric name or `counters.<name>`. */
  readonly metric: string;
  readonly threshold: Threshold;
}

/** A budget after validation: thresholds parsed, position kept for messages and sources. */
export interface ResolvedBudget {
  /** Position in the scenario's `budgets` array. */
  readonly index: number;
  readonly variant: string;
  /** Only at this record count; absent means every count. */
  readonly records?: number;
  readonly thresholds: readonly BudgetThreshold[];
  readonly growth?: ResolvedGrowth;
  /** Threshold on the leak fit's bytes per iteration (byte units), when the budget has one. */
  readonly leakPerIteration?: Threshold;
  /** Suites this budget belongs to; absent means every suite. */
  readonly suites?: readonly string[];
}

/** The parts of a scenario that budgets are checked against. */
export interface BudgetScenario {
  /** Named in error messages when present. */
  readonly name?: string;
  readonly variants: Readonly<Record<string, unknown>>;
  readonly budgets?: readonly BudgetDefinition[] | unknown;
  readonly counters?: Readonly<Record<string, CounterDefinition>>;
  /** The scenario's `iterations`: a leak budget needs more than one. */
  readonly iterations?: unknown;
}

const BUDGET_KEYS = new Set(['variant', 'records', 'thresholds', 'growth', 'leakPerIteration', 'suites']);
const GROWTH_KEYS = new Set(['class', 'metric', 'metrics']);
const COUNTER_PATTERN = /^counters\.[A-Za-z0-9_]+$/;
const SUITE_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Validates `scenario.budgets` and returns them resolved (frozen). An absent `budgets` is `[]`.
 *
 * Checks: an array of objects with only the known keys; `variant` names a variant of the
 * scenario; `records` is a positive integer; `thresholds` maps a metric name
 * (`heapDeltaBytes`, `liveHeapDeltaBytes`, `retainedHeapBytes`, `peakRssBytes`, `durationMs`,
 * `cpuMs`…) or `counters.<name>` to a threshold expression whose unit fits the metric (byte
 * units for `…Bytes`, `ms`/`s` for `durationMs` and `cpuMs`, and for a counter with a declared unit the matching
 * one); `growth` is `'constant'` or `'linear'`, or `{ class, metric }` / `{ class, metrics }`
 * with `class` one of those and `metric`(`s`) metric names (not both, no repeats);
 * `leakPerIteration` is a threshold expression in byte units (`'<1KB'`) on a variant that does
 * not declare `iterations: 1`; `suites` is a non-empty array of kebab-case names; a budget has
 * at least one threshold, a growth class or a leak threshold.
 *
 * @param file Shown first in every message (e.g. `scenarios/suggestions.ts`).
 * @throws BudgetDefinitionError (a `UsageError`, code `HEAPGATE_USAGE`) naming file and field.
 */
export function validateBudgets(scenario: BudgetScenario, file?: string): readonly ResolvedBudget[] {
  const fail = (field: string, message: string, cause?: unknown): never => {
    throw new BudgetDefinitionError(field, message, {
      file,
      ...(typeof scenario.name === 'string' ? { scenario: scenario.name } : {}),
      cause,
    });
  };
  const budgets = scenario.budgets;
  if (budgets === undefined) return Object.freeze([]);
  if (!Array.isArray(budgets)) return fail('budgets', 'must be an array of budgets');
  const variantNames = Object.keys(scenario.variants);
  const resolved = budgets.map((raw: unknown, index): ResolvedBudget => {
    const at = `budgets[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(at, 'must be an object');
    const b = raw as Record<string, unknown>;
    for (const key of Object.keys(b)) {
      if (!BUDGET_KEYS.has(key)) fail(`${at}.${key}`, `unknown field (known: ${[...BUDGET_KEYS].join(', ')})`);
    }
    if (typeof b.variant !== 'string' || !variantNames.includes(b.variant)) {
      fail(`${at}.variant`, `unknown variant ${JSON.stringify(b.variant)} (variants: ${variantNames.join(', ')})`);
    }
    if (b.records !== undefined && !(typeof b.records === 'number' && Number.isInteger(b.records) && b.records > 0)) {
      fail(`${at}.records`, 'must be a positive integer');
    }
    const growth = b.growth === undefined ? undefined : resolveGrowth(b.growth, `${at}.growth`, fail);
    if (b.suites !== undefined) {
      if (!Array.isArray(b.suites) || b.suites.length === 0) fail(`${at}.suites`, 'must be a non-empty array of suite names');
      (b.suites as unknown[]).forEach((s, i) => {
        if (typeof s !== 'string' || !SUITE_PATTERN.test(s)) fail(`${at}.suites[${i}]`, 'must be a kebab-case suite name such as "ci"');
      });
    }
    const thresholds: BudgetThreshold[] = [];
    if (b.thresholds !== undefined) {
      if (typeof b.thresholds !== 'object' || b.thresholds === null || Array.isArray(b.thresholds)) {
        fail(`${at}.thresholds`, 'must map metric names to expressions such as { heapDeltaBytes: "<8MB" }');
      }
      for (const [metric, expression] of Object.entries(b.thresholds as Record<string, unknown>)) {
        const field = `${at}.thresholds.${metric}`;
        const isMetric = (METRIC_NAMES as readonly string[]).includes(metric);
        if (!isMetric && !COUNTER_PATTERN.test(metric)) {
          fail(field, `"${metric}" is not a metric (${METRIC_NAMES.join(', ')}) or counters.<name>`);
        }
        if (typeof expression !== 'string') fail(field, `must be a string such as "<8MB", got ${typeof expression}`);
        let threshold: Threshold;
        try {
          threshold = parseThreshold(expression as string);
        } catch (error) {
          if (error instanceof HeapgateError || error instanceof TypeError) return fail(field, error.message, error);
          throw error;
        }
        const allowed = allowedUnitKinds(metric, scenario.counters);
        if (!allowed.includes(threshold.unitKind)) {
          fail(field, `${JSON.stringify(expression)}: a ${threshold.unitKind} unit does not fit ${metric} (use ${describeKinds(allowed)})`);
        }
        thresholds.push(Object.freeze({ metric, threshold }));
      }
    }
    let leakPerIteration: Threshold | undefined;
    if (b.leakPerIteration !== undefined) {
      const field = `${at}.leakPerIteration`;
      if (typeof b.leakPerIteration !== 'string') fail(field, `must be a string such as "<1KB", got ${typeof b.leakPerIteration}`);
      try {
        leakPerIteration = parseThreshold(b.leakPerIteration as string);
      } catch (error) {
        if (error instanceof HeapgateError || error instanceof TypeError) return fail(field, error.message, error);
        throw error;
      }
      if (leakPerIteration.unitKind !== 'bytes' && leakPerIteration.unitKind !== 'none') {
        fail(
          field,
          `${JSON.stringify(b.leakPerIteration)}: a ${leakPerIteration.unitKind} unit does not fit bytes per iteration (use B/KB/MB/GB or a plain number)`,
        );
      }
      // A variant that declares a single call cannot be fitted; the gate would run it once.
      const declared = (scenario.variants[b.variant as string] as { iterations?: unknown } | undefined)?.iterations ?? scenario.iterations;
      if (declared === 1) {
        fail(
          field,
          `variant "${String(b.variant)}" runs one iteration (iterations: 1); a leak fit needs at least ${minimumLeakIterations()}`,
        );
      }
    }
    if (thresholds.length === 0 && b.growth === undefined && leakPerIteration === undefined) {
      fail(at, 'needs thresholds, growth or leakPerIteration');
    }
    return Object.freeze({
      index,
      variant: b.variant as string,
      ...(b.records !== undefined ? { records: b.records as number } : {}),
      thresholds: Object.freeze(thresholds),
      ...(growth !== undefined ? { growth } : {}),
      ...(leakPerIteration !== undefined ? { leakPerIteration } : {}),
      ...(b.suites !== undefined ? { suites: Object.freeze([...(b.suites as string[])]) } : {}),
    });
  });
  return Object.freeze(resolved);
}

/** `'constant'`, `'linear'` or `{ class, metric | metrics }`, resolved; `fail` throws naming `field`. */
function resolveGrowth(raw: unknown, field: string, fail: (field: string, message: string) => never): ResolvedGrowth {
  const classes = BUDGET_GROWTH_CLASSES.map((g) => `"${g}"`).join(' or ');
  const isClass = (x: unknown): x is GrowthClassName => (BUDGET_GROWTH_CLASSES as readonly unknown[]).includes(x);
  if (typeof raw === 'string') {
    if (!isClass(raw)) fail(field, `must be ${classes}, or { class, metric } naming the metric to check`);
    return Object.freeze({ class: raw as GrowthClassName });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(field, `must be ${classes}, or { class, metric } / { class, metrics: [...] }`);
  }
  const g = raw as Record<string, unknown>;
  for (const key of Object.keys(g)) {
    if (!GROWTH_KEYS.has(key)) fail(`${field}.${key}`, `unknown field (known: ${[...GROWTH_KEYS].join(', ')})`);
  }
  if (!isClass(g.class)) fail(`${field}.class`, `must be ${classes}`);
  const isMetric = (x: unknown): x is MetricName => (METRIC_NAMES as readonly unknown[]).includes(x);
  const notMetric = (x: unknown) => `${JSON.stringify(x)} is not a metric (${METRIC_NAMES.join(', ')})`;
  if (g.metric !== undefined && g.metrics !== undefined) fail(field, 'give metric or metrics, not both');
  let metrics: MetricName[] | undefined;
  if (g.metric !== undefined) {
    if (!isMetric(g.metric)) fail(`${field}.metric`, notMetric(g.metric));
    metrics = [g.metric as MetricName];
  } else if (g.metrics !== undefined) {
    if (!Array.isArray(g.metrics) || g.metrics.length === 0) fail(`${field}.metrics`, 'must be a non-empty array of metric names');
    (g.metrics as unknown[]).forEach((m, i) => {
      if (!isMetric(m)) fail(`${field}.metrics[${i}]`, notMetric(m));
      if ((g.metrics as unknown[]).indexOf(m) !== i) fail(`${field}.metrics[${i}]`, `${JSON.stringify(m)} is listed twice`);
    });
    metrics = [...(g.metrics as MetricName[])];
  }
  return Object.freeze({ class: g.class as GrowthClassName, ...(metrics ? { metrics: Object.freeze(metrics) } : {}) });
}

/** Unit kinds a threshold on `metric` may be written in. */
function allowedUnitKinds(metric: string, counters?: Readonly<Record<string, CounterDefinition>>): readonly ThresholdUnitKind[] {
  if ((METRIC_NAMES as readonly string[]).includes(metric)) {
    return (metric as MetricName) === 'durationMs' || (metric as MetricName) === 'cpuMs' ? ['time', 'none'] : ['bytes', 'none'];
  }
  const unit = counters?.[metric.slice('counters.'.length)]?.unit;
  switch (unit) {
    case 'bytes':
      return ['bytes', 'none'];
    case 'ms':
      return ['time', 'none'];
    case 'ratio':
      return ['percent', 'none'];
    case 'count':
    case 'per-second':
      return ['none'];
    default:
      // An undeclared counter: its unit is unknown, so any unit is taken at its word.
      return ['bytes', 'time', 'percent', 'none'];
  }
}

function describeKinds(kinds: readonly ThresholdUnitKind[]): string {
  const words: Record<ThresholdUnitKind, string> = { bytes: 'B/KB/MB/GB', time: 'ms/s', percent: '%', none: 'a plain number' };
  return kinds.map((k) => words[k]).join(' or ');
}
