/**
 * Budget verdicts: every budget threshold of a scenario checked against the medians of the
 * matching summaries, plus growth-class budgets checked against a fit of the sweep.
 */
import { fitSeries, resolveGrowthOptions, type GrowthOptions } from '../growth/fit-growth.js';
import type { Summary, Verdict } from '../results/results-document.js';
import { METRIC_NAMES, type MetricName } from '../scenario/types.js';
import { compareToThreshold } from './threshold.js';
import { formatBytes, formatMetricValue } from '../reporters/format-units.js';
import { summaryValue } from './evaluate-targets.js';
import { validateBudgets, type BudgetScenario, type ResolvedBudget } from './validate-budgets.js';

/** Options of {@link evaluateBudgets}. */
export interface EvaluateBudgetsOptions {
  /**
   * The suite being gated (`--suite ci`). Budgets with `suites` apply only when it is listed;
   * budgets without apply always.
   * @default undefined — every budget applies (a plain `heapgate run`)
   */
  readonly suite?: string;
  /** The scenario file, used in verdict sources and validation messages. @default the scenario name */
  readonly file?: string;
  /** Classification options for growth budgets. @default DEFAULT_GROWTH_OPTIONS */
  readonly growth?: GrowthOptions;
  /**
   * Metrics a `growth` budget constrains when it names none (`growth: 'constant'`); a budget's
   * own `metric`/`metrics` win.
   * @default DEFAULT_GROWTH_BUDGET_METRICS (['liveHeapDeltaBytes'])
   */
  readonly growthMetrics?: readonly MetricName[];
}

/** The verdict metric of a `leakPerIteration` budget: the summary's `leak.bytesPerIteration`. */
export const LEAK_METRIC = 'leak.bytesPerIteration';

function formatR2(r2: number): string {
  return Number.isFinite(r2) ? r2.toFixed(3) : 'n/a';
}

/**
 * Metrics a growth budget constrains unless it names its own: the live heap, the one figure
 * that follows what the code keeps reachable rather than how V8 sizes its heap. Measured on
 * Node 20 (README "What a run measures"): a stream reduce over 1,000 / 10,000 / 100,000 records
 * kept its live heap flat while its peak grew 1.1 → 2.4 → 4.5 MB with the semi-space, and even
 * its old-generation peak grew 0.36 → 1.57 MB with promoted garbage that floats until a
 * mark-compact; both fail `constant` for correct streaming code. With the live pass
 * (`--live-heap exact`) the live figure counts everything reachable at the peak, so a variant
 * that holds all rows at once still grows.
 */
export const DEFAULT_GROWTH_BUDGET_METRICS: readonly MetricName[] = Object.freeze(['liveHeapDeltaBytes']);

/**
 * Checks a scenario's budgets against its summaries. Returns `kind: 'budget'` verdicts:
 *
 * - Threshold budgets: one verdict per threshold per matching summary (same variant; same
 *   record count when the budget names one). `actual` is the summary's median (the counter's
 *   median for `counters.<name>`); `limit` and `comparator` come from the expression. A summary
 *   without `ok` repeats, or without the counter, gives a FAILING verdict with `actual: NaN`
 *   (serialised as `null`): a budget that could not be checked must not pass silently.
 * - Growth budgets (`growth: 'constant' | 'linear'`, or `{ class, metric | metrics }`), over
 *   every record count of the variant (a budget's `records` does not narrow them), one verdict
 *   per growth metric (the budget's own, else `growthMetrics`), reported at the largest record
 *   count; a `liveHeapDeltaBytes` verdict's source says whether the figures were `exact` or
 *   `observed`:
 *   - `'constant'`: metric `growth.<metric>`, `actual` = growth over the last sweep step
 *     (bytes), `limit` = the largest growth still classed constant, `<=`; passes when the class
 *     is constant.
 *   - `'linear'` (at most linear): metric `growth.<metric>.exponent`, `actual` = log-log
 *     exponent of the growth component (0 when it does not grow), `limit` = the superlinear
 *     exponent (1.3), `<=`; passes unless the class is superlinear (which also needs the last
 *     point well above a straight line, so a high exponent on a tiny signal can pass). Needs
 *     three record counts.
 *   With fewer record counts than that, a growth budget gives no verdict (there is no sweep to
 *   judge); the gate should run growth budgets on a sweep.
 * - Leak budgets (`leakPerIteration: '<1KB'`): one verdict per matching summary that was
 *   iterated, metric {@link LEAK_METRIC}, `actual` = the median over repeats of the leak fit's
 *   least-squares bytes per iteration; the source carries its standard error, R² and the
 *   iterations fitted. A summary that was not iterated (`--iterations 1`) gives no verdict;
 *   plans run a variant with a leak budget iterated (`iterationsFor`).
 *
 * Sources read `<file> budgets[<i>]: <metric> <expression>`.
 *
 * @param scenario The scenario's name, variants, budgets and counters; budgets are validated
 *   (see `validateBudgets`), so a malformed one throws `BudgetDefinitionError` here too.
 */
export function evaluateBudgets(
  scenario: BudgetScenario & { readonly name: string },
  summaries: readonly Summary[],
  options: EvaluateBudgetsOptions = {},
): Verdict[] {
  const file = options.file ?? scenario.name;
  const budgets = validateBudgets(scenario, options.file);
  const growthOptions = resolveGrowthOptions(options.growth);
  const growthMetrics = options.growthMetrics ?? DEFAULT_GROWTH_BUDGET_METRICS;
  for (const m of growthMetrics) {
    if (!(METRIC_NAMES as readonly string[]).includes(m))
      throw new TypeError(`evaluateBudgets option growthMetrics: "${m}" is not a metric`);
  }
  const own = summaries.filter((s) => s.scenario === scenario.name);
  const verdicts: Verdict[] = [];
  for (const budget of budgets) {
    if (!appliesToSuite(budget, options.suite)) continue;
    const matching = own.filter((s) => s.variant === budget.variant && (budget.records === undefined || s.records === budget.records));
    for (const s of matching) {
      for (const { metric, threshold } of budget.thresholds) {
        const actual = s.repeats > 0 ? summaryValue(s, metric) : Number.NaN;
        verdicts.push({
          scenario: s.scenario,
          variant: s.variant,
          records: s.records,
          metric,
          actual,
          limit: threshold.value,
          comparator: threshold.comparator,
          kind: 'budget',
          pass: compareToThreshold(actual, threshold.comparator, threshold.value),
          source: `${file} budgets[${budget.index}]: ${metric} ${threshold.expression.trim()}`,
        });
      }
    }
    if (budget.leakPerIteration !== undefined) {
      const threshold = budget.leakPerIteration;
      for (const s of matching) {
        // Not iterated (`--iterations 1`): there is no fit to judge, as a growth budget without a sweep.
        if (!s.leak) continue;
        const leak = s.leak;
        verdicts.push({
          scenario: s.scenario,
          variant: s.variant,
          records: s.records,
          metric: LEAK_METRIC,
          actual: leak.bytesPerIteration,
          limit: threshold.value,
          comparator: threshold.comparator,
          kind: 'budget',
          pass: compareToThreshold(leak.bytesPerIteration, threshold.comparator, threshold.value),
          source:
            `${file} budgets[${budget.index}]: leakPerIteration ${threshold.expression.trim()} ` +
            `(${formatBytes(leak.bytesPerIteration)}/iteration, standard error ${formatBytes(leak.standardErrorBytes)}, R² ${formatR2(leak.r2)}; ` +
            `iterations ${leak.warmupIterations + 1}–${leak.iterations} fitted${s.repeats > 1 ? `, median of ${s.repeats} repeats` : ''})`,
        });
      }
    }
    if (budget.growth !== undefined) {
      const growthClass = budget.growth.class;
      const series = own.filter((s) => s.variant === budget.variant && s.repeats > 0);
      const largest = Math.max(...series.map((s) => s.records));
      for (const metric of budget.growth.metrics ?? growthMetrics) {
        const points = series.map((s) => ({ records: s.records, value: s.median[metric] })).filter((p) => Number.isFinite(p.value));
        const distinct = new Set(points.map((p) => p.records)).size;
        if (distinct < (growthClass === 'linear' ? 3 : 2)) continue;
        const fit = fitSeries(points, growthOptions.absoluteFloor[metric], growthOptions);
        let source = `${file} budgets[${budget.index}]: growth ${growthClass} (${metric}${liveMethodNote(metric, series)}: ${fit.growthClass})`;
        if (growthClass === 'constant') {
          // Passing only because the growth is under the absolute noise floor, while it is large
          // next to what the previous step used: the sweep is too small to tell.
          const previous = fit.points[fit.points.length - 2]!.value;
          const floor = growthOptions.absoluteFloor[metric];
          if (fit.tailGrowth > 0 && fit.tailGrowth <= floor && fit.tailGrowth > growthOptions.relativeFloor * Math.max(0, previous)) {
            source +=
              `; the last step grew ${formatMetricValue(metric, fit.tailGrowth)}, under the ${formatMetricValue(metric, floor)} noise floor: ` +
              'a sweep to larger record counts would tell constant from growing';
          }
          verdicts.push({
            scenario: scenario.name,
            variant: budget.variant,
            records: largest,
            metric: `growth.${metric}`,
            actual: fit.tailGrowth,
            limit: fit.constantLimit,
            comparator: '<=',
            kind: 'budget',
            pass: fit.growthClass === 'constant',
            source,
          });
        } else {
          verdicts.push({
            scenario: scenario.name,
            variant: budget.variant,
            records: largest,
            metric: `growth.${metric}.exponent`,
            actual: fit.exponent ?? 0,
            limit: growthOptions.superlinearExponent,
            comparator: '<=',
            kind: 'budget',
            pass: fit.growthClass !== 'superlinear',
            source,
          });
        }
      }
    }
  }
  return verdicts;
}

/** `, exact` / `, observed` / `, exact at 1,000 and 10,000, observed at 100,000` for live-heap series. */
function liveMethodNote(metric: MetricName, series: readonly Summary[]): string {
  if (metric !== 'liveHeapDeltaBytes') return '';
  const method = (s: Summary) => s.liveHeapMethod ?? 'observed';
  const methods = new Set(series.map(method));
  if (methods.size <= 1) return `, ${[...methods][0] ?? 'observed'}`;
  const sorted = [...series].sort((a, b) => a.records - b.records);
  const at = (m: string) =>
    sorted
      .filter((s) => method(s) === m)
      .map((s) => s.records.toLocaleString('en-US'))
      .join(' and ');
  return `, exact at ${at('exact')}, observed at ${at('observed')}`;
}

function appliesToSuite(budget: ResolvedBudget, suite: string | undefined): boolean {
  return suite === undefined || budget.suites === undefined || budget.suites.includes(suite);
}

/**
 * The index, in its scenario's `budgets`, of the budget a verdict judges (read from the
 * `<file> budgets[<i>]: …` source every budget verdict above is given); undefined for verdicts
 * of targets and baselines.
 */
export function budgetIndexOf(verdict: Pick<Verdict, 'kind' | 'source'>): number | undefined {
  if (verdict.kind !== 'budget') return undefined;
  const match = / budgets\[(\d+)\]: /.exec(` ${verdict.source}`);
  return match ? Number(match[1]) : undefined;
}
