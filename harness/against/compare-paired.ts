/**
 * The paired (`--against <ref>`) comparison: every metric of every (scenario, variant, records)
 * decided on the repeats of both revisions measured in the same invocation, interleaved.
 *
 * ## Rule
 * With `b` the base repeats' values of a metric and `h` the head's (each at least two `ok`
 * repeats), `Δ = mean(h) − mean(b)` and `allowance = max(|mean(b)| × threshold, floor)`:
 *
 *   regressed ⇔ Δ > allowance AND Welch's one-sided p(mean(h) > mean(b)) < α
 *   improved  ⇔ −Δ > allowance AND Welch's one-sided p(mean(h) < mean(b)) < α
 *
 * else unchanged. `threshold` is 20 % and α 0.05 by default: a change must be both large enough
 * to fail a build over and unlikely to be noise the repeats themselves show (Welch's t-test: the
 * two revisions' variances are not assumed equal). Issue 14 asked for this pair after VS Code's
 * perf-regression harness. The absolute floor (`DEFAULT_NOISE_FLOORS`, the committed baseline's)
 * keeps a 20 % change of a near-zero retained heap from counting. Paired verdicts judge wall
 * time too: both revisions ran side by side on the same machine under the same load.
 *
 * ## Confirmation on fresh repeats
 * A regression found on the planned repeats is a *suspect*: the runner measures that variant
 * again on as many fresh interleaved repeats per side (`confirmation`, see
 * {@link suspectedVariants}), and the metric fails only if those fresh repeats show the same
 * regression by the same rule, judged on their own. Why: a gate tests every metric of every
 * variant (88 on the ci suite) at α each, so one of them crosses both bars by chance now and then
 * — measured: one false `cpuMs` regression (+24 %, p = 0.047) in three full-suite gates beside two
 * CPU burners. Independent fresh repeats make a false failure need two such chances (≈ α² per
 * metric) while a real regression, which every sample shows, still fails; it costs time only when
 * something is suspected. This is the retrigger-to-confirm step of Mozilla's Perfherder and of
 * Chromium's Pinpoint, done inside the same invocation. Without confirmation repeats (a judged
 * document that has none, an interrupted run) a suspect fails as found.
 *
 * `liveHeapDeltaBytes` is compared as the repeats observed it (no live pass runs for the base),
 * on both sides alike.
 */
import { DEFAULT_NOISE_FLOORS, type NoiseFloors } from '../baseline/compare-to-baseline.js';
import { formatMetricValue, formatPercent } from '../reporters/format-units.js';
import type { ComparisonChange, ComparisonRow, RunResult, Verdict } from '../results/results-document.js';
import { METRIC_NAMES, type MetricName } from '../scenario/types.js';
import { welchTTest, type WelchResult } from './welch-t-test.js';

/** Relative change a paired verdict needs before it counts (fraction of the base mean): 20 %. */
export const PAIRED_THRESHOLD = 0.2;
/** Significance level of the one-sided Welch's t-test: 0.05. */
export const PAIRED_ALPHA = 0.05;

/** Options of {@link comparePaired}. */
export interface ComparePairedOptions {
  /** Shown in verdict sources: `<ref> (<short commit>)`. */
  readonly source: string;
  /** @default PAIRED_THRESHOLD (0.2) */
  readonly threshold?: number;
  /** @default PAIRED_ALPHA (0.05) */
  readonly alpha?: number;
  /** @default DEFAULT_NOISE_FLOORS */
  readonly noiseFloors?: Partial<NoiseFloors>;
  /**
   * Fresh paired repeats of the suspected variants (see the module TSDoc): a regression found on
   * `head`/`base` fails only if these show it too. @default none (a suspect fails as found)
   */
  readonly confirmation?: { readonly head: readonly RunResult[]; readonly base: readonly RunResult[] };
}

/** A (scenario, variant, records) or one of its metrics that could not be compared, and why. */
export interface NotCompared {
  readonly scenario: string;
  readonly variant: string;
  readonly records: number;
  readonly metric?: MetricName;
  readonly reason: string;
}

/** What {@link comparePaired} found. */
export interface PairedComparison {
  /** `kind: 'baseline'` verdicts, one per compared metric; they fail the gate as baseline checks do. */
  readonly verdicts: readonly Verdict[];
  readonly rows: readonly ComparisonRow[];
  readonly notCompared: readonly NotCompared[];
  /** The rule in words, for reports. */
  readonly rule: string;
}

/** The rule, as reports print it. */
export function pairedRule(threshold = PAIRED_THRESHOLD, alpha = PAIRED_ALPHA): string {
  return `paired repeats, interleaved: regressed when head's mean exceeds base's by more than max(${Math.round(threshold * 100)} % of base, noise floor) and Welch's one-sided t-test gives p < ${alpha}, on the planned repeats and again on as many fresh ones`;
}

/** Compares the head runs with the base runs (rule in the module TSDoc). */
export function comparePaired(head: readonly RunResult[], base: readonly RunResult[], options: ComparePairedOptions): PairedComparison {
  const threshold = options.threshold ?? PAIRED_THRESHOLD;
  const alpha = options.alpha ?? PAIRED_ALPHA;
  const floors: Partial<Record<MetricName, number>> = { ...DEFAULT_NOISE_FLOORS, ...(options.noiseFloors ?? {}) };
  const baseByKey = groupByKey(base);
  const confirmHead = groupByKey(options.confirmation?.head ?? []);
  const confirmBase = groupByKey(options.confirmation?.base ?? []);
  const verdicts: Verdict[] = [];
  const rows: ComparisonRow[] = [];
  const notCompared: NotCompared[] = [];
  for (const [k, headRuns] of groupByKey(head)) {
    const at = { scenario: headRuns[0]!.scenario, variant: headRuns[0]!.variant, records: headRuns[0]!.records };
    const h = okRuns(headRuns);
    const b = okRuns(baseByKey.get(k) ?? []);
    if (!baseByKey.has(k)) {
      notCompared.push({ ...at, reason: 'the base revision did not run it' });
      continue;
    }
    if (h.length < 2 || b.length < 2) {
      notCompared.push({ ...at, reason: `needs at least 2 ok repeats on each side, got head ${h.length}, base ${b.length}` });
      continue;
    }
    const ch = okRuns(confirmHead.get(k) ?? []);
    const cb = okRuns(confirmBase.get(k) ?? []);
    for (const metric of METRIC_NAMES) {
      const hv = valuesOf(h, metric);
      const bv = valuesOf(b, metric);
      if (!hv || !bv) {
        notCompared.push({ ...at, metric, reason: 'not measured by both revisions' });
        continue;
      }
      const floor = floors[metric] ?? 0;
      const found = judgeMetric(hv, bv, threshold, alpha, floor);
      const chv = valuesOf(ch, metric);
      const cbv = valuesOf(cb, metric);
      const confirmation =
        found.change === 'regressed' && chv && cbv && chv.length >= 2 && cbv.length >= 2
          ? judgeMetric(chv, cbv, threshold, alpha, floor)
          : undefined;
      // A suspect the fresh repeats do not confirm is unchanged; one they confirm stays regressed.
      const change: ComparisonChange = confirmation && confirmation.change !== 'regressed' ? 'unchanged' : found.change;
      const { test, allowance, pValue, relativeChange } = found;
      const limit = metric === 'durationMs' ? Math.round((test.baseMean + allowance) * 100) / 100 : Math.round(test.baseMean + allowance);
      rows.push(
        Object.freeze({
          ...at,
          metric,
          baseline: test.baseMean,
          current: test.headMean,
          baselineMin: Math.min(...bv),
          baselineMax: Math.max(...bv),
          currentMin: Math.min(...hv),
          currentMax: Math.max(...hv),
          allowance,
          limit,
          relativeChange,
          change,
          pValue,
          baseRepeats: b.length,
          headRepeats: h.length,
          ...(confirmation
            ? {
                confirmation: Object.freeze({
                  baseline: confirmation.test.baseMean,
                  current: confirmation.test.headMean,
                  relativeChange: confirmation.relativeChange,
                  pValue: confirmation.pValue,
                  confirmed: confirmation.change === 'regressed',
                  baseRepeats: cbv!.length,
                  headRepeats: chv!.length,
                }),
              }
            : {}),
        }),
      );
      const moved = relativeChange === null ? '' : ` ${formatPercent(relativeChange)}`;
      const first = `${found.change}${moved} (p=${formatP(pValue)})`;
      const word = !confirmation
        ? first
        : `${first}, ${confirmation.change === 'regressed' ? 'confirmed' : 'not confirmed'} on ${chv!.length} fresh repeats (${confirmation.relativeChange === null ? '' : `${formatPercent(confirmation.relativeChange)}, `}p=${formatP(confirmation.pValue)})${change === 'unchanged' ? ': unchanged' : ''}`;
      verdicts.push({
        ...at,
        metric,
        actual: test.headMean,
        limit,
        comparator: '<=',
        kind: 'baseline',
        pass: change !== 'regressed',
        source: `against ${options.source}: ${word}; base mean ${formatMetricValue(metric, test.baseMean)} (n=${b.length}), head n=${h.length}, Welch's t-test α ${alpha}, threshold ${Math.round(threshold * 100)} %, noise floor ${formatMetricValue(metric, floor)}`,
      });
    }
  }
  return Object.freeze({
    verdicts: Object.freeze(verdicts),
    rows: Object.freeze(rows),
    notCompared: Object.freeze(notCompared),
    rule: pairedRule(threshold, alpha),
  });
}

/**
 * The variants of one measured record count whose planned paired repeats show a regression
 * (before confirmation): what the runner measures again on fresh repeats.
 */
export function suspectedVariants(
  head: readonly RunResult[],
  base: readonly RunResult[],
  options: Omit<ComparePairedOptions, 'confirmation' | 'source'> = {},
): string[] {
  const { verdicts } = comparePaired(head, base, { ...options, source: '' });
  return [...new Set(verdicts.filter((v) => !v.pass).map((v) => v.variant))];
}

/** One metric judged by the rule (module TSDoc). */
function judgeMetric(
  head: readonly number[],
  base: readonly number[],
  threshold: number,
  alpha: number,
  floor: number,
): { test: WelchResult; allowance: number; change: ComparisonChange; pValue: number; relativeChange: number | null } {
  const test = welchTTest(head, base);
  const allowance = Math.max(Math.abs(test.baseMean) * threshold, floor);
  const delta = test.meanDifference;
  const change: ComparisonChange =
    delta > allowance && test.pGreater < alpha ? 'regressed' : -delta > allowance && test.pLess < alpha ? 'improved' : 'unchanged';
  const pValue = delta >= 0 ? test.pGreater : test.pLess;
  const relativeChange = test.baseMean === 0 ? null : delta / Math.abs(test.baseMean);
  return { test, allowance, change, pValue, relativeChange };
}

const keyOf = (r: { scenario: string; variant: string; records: number }): string => `${r.scenario}\u0000${r.variant}\u0000${r.records}`;

/** Runs by (scenario, variant, records), in order. */
function groupByKey(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return groups;
}

function okRuns(runs: readonly RunResult[]): RunResult[] {
  return runs.filter((r) => r.status === 'ok' && r.metrics);
}

/** The runs' values of `metric`, or undefined when one of them has none (or a non-finite one). */
function valuesOf(runs: readonly RunResult[], metric: MetricName): number[] | undefined {
  const values = runs.map((r) => r.metrics![metric]);
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (values as number[]) : undefined;
}

/** A p-value for people: three significant digits, `<0.001` below. */
export function formatP(p: number): string {
  return p < 0.001 ? '<0.001' : p.toPrecision(2);
}
