/**
 * `heapgate gate [--suite ci] [--update-baseline]` (also `npm run gate`): runs the suite, checks
 * budgets and the committed baseline, writes results.json, JUnit, Markdown, BMF and HTML.
 * Exit 0 pass, 1 budget or regression failure (or a failed run), 2 usage or infrastructure.
 */
import path from 'node:path';
import type { GateOptions } from '../cli/cli-options.js';
import { baselinePath } from '../baseline/baseline-file.js';
import { compareToBaseline } from '../baseline/compare-to-baseline.js';
import { loadBaseline } from '../baseline/load-baseline.js';
import { updateBaseline, writeBaseline } from '../baseline/update-baseline.js';
import { LEAK_METRIC } from '../budgets/evaluate-budgets.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import { resolveSuitePlan } from '../gate/suite-plan.js';
import { buildResultsDocument, snapshotPaths } from '../results/build-results-document.js';
import { collectCounterDefinitions } from '../results/counter-definitions.js';
import { summarize } from '../results/summarize.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { writeCiOutputs, writeHtmlReport } from '../reporters/write-ci-outputs.js';
import { executePlan, type MeasuredRecords } from '../runner/execute-plan.js';
import { rerunWithProfile } from '../runner/profile-rerun.js';
import { rerunWithSnapshot } from '../runner/snapshot-rerun.js';
import type { ProfileFile, Verdict } from '../results/results-document.js';
import { builtinDirFor } from '../config/apply-project-config.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { MetricName } from '../scenario/types.js';
import { executeOptionsFor } from './execute-options.js';
import { printOutcome, type CommandIo, type CommandOutcome } from './command-io.js';
import { judgeSummaries } from './judge-summaries.js';

/** Runs the `gate` command with its resolved options. */
export async function gateCommand(options: GateOptions, io: CommandIo): Promise<number> {
  return printOutcome(await measureGate(options, io), options.json, io);
}

/** How {@link measureGate} differs from the command. */
export interface GateBehaviour {
  /** Compare with the suite's baseline file (budgets only when false). @default true */
  readonly compareBaseline?: boolean;
}

/**
 * Runs the suite, judges and writes what `gate` writes; returns the document without printing it
 * (progress goes to `io.stderr`).
 */
export async function measureGate(options: GateOptions, io: CommandIo, behaviour: GateBehaviour = {}): Promise<CommandOutcome> {
  const suite = options.suite;
  const loaded = await loadScenarios(options.scenarios, builtinDirFor(options));
  // With scenarios of its own (--scenarios, the config's, ./heapgate), a project gates those:
  // heapgate's reference scenarios (and the PostgreSQL/Redis/S3 they start) are not its build.
  const gated = options.scenarios.length > 0 ? loaded.filter((s) => s.origin === 'user') : loaded;
  const plan = resolveSuitePlan(gated, suite, options.repeat);
  // Read the baseline before spending minutes measuring: a malformed one is a usage error now.
  const baselineFile = path.resolve(options.baseline ?? baselinePath(suite));
  const baseline = behaviour.compareBaseline === false ? undefined : await loadBaseline(baselineFile);
  const outDir = options.out ?? defaultOutDir([`gate-${suite}`]);
  // A scenario appears once per distinct record set in the plan; judge each only once.
  const scenarios = [...new Map(plan.scenarios.map((p) => [p.scenario.definition.name, p.scenario])).values()];
  const progress = createProgressReporter(io.stderr);
  const execution = executePlan(plan, executeOptionsFor(options, outDir, io, progress));
  const rerunSnapshots: string[] = [];
  const rerunProfiles: ProfileFile[] = [];
  const measured = await (async () => {
    try {
      // Judged as soon as a record count is measured (its data is still seeded): a variant
      // whose leak budget fails is re-run once with a heap snapshot (unless --snapshot took
      // them all), one whose heap budget fails once under the heap profiler.
      for await (const records of execution) {
        const verdicts = judgeSummaries(summarize(records.runs), scenarios, suite);
        if (!options.snapshot) {
          for (const variant of failingVariants(records, verdicts, isLeakMetric)) {
            const file = await rerunWithSnapshot(records, variant, outDir, 'leak budget failed');
            if (file) rerunSnapshots.push(file);
          }
        }
        for (const variant of failingVariants(records, verdicts, (metric) => HEAP_METRICS.has(metric))) {
          const profile = await rerunWithProfile(records, variant, outDir, 'heap', 'heap budget failed');
          if (profile) rerunProfiles.push(profile);
        }
      }
      return await execution.result();
    } finally {
      progress.stop();
    }
  })();
  const comparison = compareToBaseline(
    measured.summaries,
    options.updateBaseline ? undefined : baseline,
    { source: path.relative(process.cwd(), baselineFile) },
    { node: measured.environment.node, platform: measured.environment.platform },
  );
  const doc = buildResultsDocument(measured, {
    verdicts: [...judgeSummaries(measured.summaries, scenarios, suite), ...comparison.verdicts],
    counterDefinitions: collectCounterDefinitions(scenarios.map((s) => s.definition)),
    ...(options.snapshot ? { snapshots: snapshotPaths(measured.runs) } : rerunSnapshots.length ? { snapshots: rerunSnapshots } : {}),
    profiles: rerunProfiles,
  });
  const resultsFile = writeResults(doc, outDir);
  const ci = await writeCiOutputs(doc, outDir, process.env, { suite, baseline: comparison });
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts);
  const failedRuns = doc.runs.filter((r) => r.status !== 'ok');
  const lines = [renderConsoleTable(doc, { verbose: options.verbose })];
  if (!baseline && !options.updateBaseline && behaviour.compareBaseline !== false)
    lines.push(`no baseline at ${baselineFile}: budgets only (write one with --update-baseline)`);
  if (comparison.environmentNote) lines.push(comparison.environmentNote);
  for (const v of outcome.failures) lines.push(`FAIL ${describeVerdict(v, doc.counterDefinitions)}`);
  if (options.updateBaseline && failedRuns.length === 0) {
    const written = await writeBaseline(baselineFile, updateBaseline(baseline, doc, { suite }));
    lines.push(`baseline written: ${written}`);
    // The new baseline holds figures that fail their budgets: said, so it is not committed unnoticed.
    const failedBudgets = outcome.failures.filter((v) => v.kind === 'budget');
    if (failedBudgets.length > 0) {
      lines.push(
        `WARNING: this baseline was written from a failing gate (${failedBudgets.length} failed ${failedBudgets.length === 1 ? 'check' : 'checks'}):`,
        ...failedBudgets.map((v) => `  ${describeVerdict(v, doc.counterDefinitions)}`),
      );
    }
  }
  const checked = doc.verdicts.filter((v) => v.kind !== 'target').length;
  lines.push(
    `gate ${suite}: ${outcome.pass && failedRuns.length === 0 ? 'PASS' : 'FAIL'} — ${checked} budget/baseline checks, ${outcome.failures.length} failed, ${failedRuns.length} failed runs`,
    `results: ${resultsFile}`,
    `report:  ${html}`,
    `junit:   ${ci.junitPath}`,
    `summary: ${ci.markdownPath}`,
    `bmf:     ${ci.bmfPath}`,
  );
  return { doc, lines, code: outcome.pass && failedRuns.length === 0 ? 0 : 1 };
}

/**
 * Budgets on these metrics are heap budgets: a failing one is re-run under the heap profiler,
 * whose profile shows which functions allocated what the budget counts.
 */
const HEAP_METRICS: ReadonlySet<string> = new Set<MetricName>([
  'heapDeltaBytes',
  'liveHeapDeltaBytes',
  'oldGenPeakDeltaBytes',
  'youngGenPeakBytes',
]);

/**
 * A leak budget: on `retainedHeapBytes`, or a `leakPerIteration` budget (its re-run is iterated
 * too, so the snapshot holds every iteration's leak).
 */
function isLeakMetric(metric: string): boolean {
  return metric === 'retainedHeapBytes' || metric === LEAK_METRIC;
}

/** The variants of a measured record count with a failing budget on a metric `select` picks. */
function failingVariants(measured: MeasuredRecords, verdicts: readonly Verdict[], select: (metric: string) => boolean): string[] {
  return measured.variants.filter((variant) =>
    verdicts.some((v) => v.kind === 'budget' && !v.pass && select(v.metric) && v.variant === variant),
  );
}
