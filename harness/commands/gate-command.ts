/**
 * `heapgate gate [--suite ci] [--update-baseline] [--strict-durations]` (also `npm run gate`):
 * runs the suite, checks budgets and the committed baseline (time on CPU time; wall time a
 * warning unless `--strict-durations`), writes results.json, JUnit, Markdown, BMF and HTML.
 * With `--shard i/n` it runs part i of the suite (merge the parts with `heapgate merge`); with
 * `--results FILE` it runs nothing and judges that document (a merged one) instead.
 * Exit 0 pass, 1 budget or regression failure (or a failed run), 2 usage or infrastructure.
 */
import path from 'node:path';
import { openAgainst, type AgainstSession } from '../against/against-session.js';
import { describePaired } from '../against/describe-paired.js';
import type { GateOptions } from '../cli/cli-options.js';
import { committedComparison } from '../baseline/comparison-summary.js';
import { UsageError } from '../errors.js';
import { baselinePath, type BaselineFile } from '../baseline/baseline-file.js';
import { compareToBaseline } from '../baseline/compare-to-baseline.js';
import { loadBaseline } from '../baseline/load-baseline.js';
import { updateBaseline, writeBaseline } from '../baseline/update-baseline.js';
import { LEAK_METRIC } from '../budgets/evaluate-budgets.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import { resolveSuitePlan } from '../gate/suite-plan.js';
import { planFingerprint } from '../runner/plan-fingerprint.js';
import { shardPlan } from '../runner/shard-plan.js';
import { buildResultsDocument, snapshotPaths, type MeasuredResults } from '../results/build-results-document.js';
import { collectCounterDefinitions } from '../results/counter-definitions.js';
import { summarize } from '../results/summarize.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { writeCiOutputs, writeHtmlReport } from '../reporters/write-ci-outputs.js';
import { executePlan, type MeasuredRecords, type PlanExecution } from '../runner/execute-plan.js';
import type { Plan } from '../runner/plan.js';
import { rerunWithProfile } from '../runner/profile-rerun.js';
import { rerunWithSnapshot } from '../runner/snapshot-rerun.js';
import type { ProfileFile, Verdict } from '../results/results-document.js';
import { builtinDirFor } from '../config/apply-project-config.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { MetricName } from '../scenario/types.js';
import { executeOptionsFor } from './execute-options.js';
import { measuredFromDocument, shardUsageProblem } from './gate-results.js';
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
  if (options.against !== undefined && options.results !== undefined) {
    throw new UsageError('--results judges a document that was already measured: --against measures a revision now');
  }
  if (options.against !== undefined && (options.updateBaseline || options.baseline !== undefined)) {
    throw new UsageError(
      '--against compares with that revision, measured now: --baseline and --update-baseline are for the committed baseline',
    );
  }
  const suite = options.suite;
  const loaded = await loadScenarios(options.scenarios, builtinDirFor(options));
  // With scenarios of its own (--scenarios, the config's, ./heapgate), a project gates those:
  // heapgate's reference scenarios (and the PostgreSQL/Redis/S3 they start) are not its build.
  const gated = options.scenarios.length > 0 ? loaded.filter((s) => s.origin === 'user') : loaded;
  const problem = shardUsageProblem(options);
  if (problem) throw new UsageError(problem);
  const wholePlan = resolveSuitePlan(gated, suite, options.repeat);
  const plan = options.shard ? shardPlan(wholePlan, options.shard).plan : wholePlan;
  // Read the baseline (and --results) before spending minutes measuring: a malformed one is a usage error now.
  const baselineFile = path.resolve(options.baseline ?? baselinePath(suite));
  const baseline = options.against === undefined && behaviour.compareBaseline !== false ? await loadBaseline(baselineFile) : undefined;
  const judged = options.results !== undefined ? await measuredFromDocument(options.results, wholePlan, suite) : undefined;
  const outDir = options.out ?? defaultOutDir([`gate-${suite}`]);
  const against = options.against === undefined ? undefined : await openAgainst(options.against, { log: (m) => io.stderr.write(`${m}\n`) });
  try {
    return await gateWith(options, io, { plan, wholePlan, judged, baselineFile, baseline, outDir, against }, behaviour);
  } finally {
    await against?.close();
  }
}

async function gateWith(
  options: GateOptions,
  io: CommandIo,
  ctx: {
    readonly plan: Plan;
    readonly wholePlan: Plan;
    readonly judged: Awaited<ReturnType<typeof measuredFromDocument>> | undefined;
    readonly baselineFile: string;
    readonly baseline: BaselineFile | undefined;
    readonly outDir: string;
    readonly against: AgainstSession | undefined;
  },
  behaviour: GateBehaviour,
): Promise<CommandOutcome> {
  const { baselineFile, baseline, outDir, against, wholePlan, judged } = ctx;
  const suite = options.suite;
  // Paired: every planned run happens twice, once per revision.
  const plan = against ? { ...ctx.plan, totalRuns: ctx.plan.totalRuns * 2 } : ctx.plan;
  // A scenario appears once per distinct record set in the plan; judge each only once.
  const scenarios = [...new Map(plan.scenarios.map((p) => [p.scenario.definition.name, p.scenario])).values()];
  const rerunSnapshots: string[] = [...(judged?.doc.snapshots ?? [])];
  const rerunProfiles: ProfileFile[] = [...(judged?.doc.profiles ?? [])];
  const measured =
    judged?.measured ??
    (await (async () => {
      const progress = createProgressReporter(io.stderr);
      const execution = executePlan(plan, {
        ...executeOptionsFor(options, outDir, io, progress),
        ...(against ? { base: against.arm } : {}),
      });
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
    })());
  const source = path.relative(process.cwd(), baselineFile);
  const comparison = compareToBaseline(
    against ? [] : measured.summaries,
    options.updateBaseline ? undefined : baseline,
    { source, strictDurations: options.strictDurations },
    { node: measured.environment.node, platform: measured.environment.platform },
  );
  // --results and --against never meet (a usage error above): a judged document has no base runs.
  const paired = against && isExecuted(measured) ? against.judge(measured.runs, measured.baseRuns, measured.confirmation) : undefined;
  const doc = buildResultsDocument(measured, {
    verdicts: [...judgeSummaries(measured.summaries, scenarios, suite), ...(paired ? paired.verdicts : comparison.verdicts)],
    ...(paired
      ? { comparison: paired.comparison }
      : baseline && !options.updateBaseline
        ? { comparison: committedComparison(comparison, baseline, measured.summaries, source) }
        : {}),
    counterDefinitions: collectCounterDefinitions(scenarios.map((s) => s.definition)),
    ...(options.snapshot ? { snapshots: snapshotPaths(measured.runs) } : rerunSnapshots.length ? { snapshots: rerunSnapshots } : {}),
    plan: judged?.doc.plan ?? {
      command: 'gate',
      suite,
      fingerprint: planFingerprint(wholePlan),
      ...(options.shard ? { shard: options.shard } : {}),
    },
    profiles: rerunProfiles,
  });
  const resultsFile = writeResults(doc, outDir);
  const ci = await writeCiOutputs(doc, outDir, process.env, { suite, baseline: comparison });
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts);
  const failedRuns = doc.runs.filter((r) => r.status !== 'ok');
  const lines = [renderConsoleTable(doc, { verbose: options.verbose })];
  if (paired) lines.push(...describePaired(paired.comparison.rows, paired.notCompared, paired.comparison.source));
  if (!against && !baseline && !options.updateBaseline && behaviour.compareBaseline !== false)
    lines.push(`no baseline at ${baselineFile}: budgets only (write one with --update-baseline)`);
  if (comparison.environmentNote) lines.push(comparison.environmentNote);
  for (const v of outcome.failures) lines.push(`FAIL ${describeVerdict(v, doc.counterDefinitions)}`);
  for (const v of outcome.warnings) lines.push(`WARN ${describeVerdict(v, doc.counterDefinitions)}`);
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
  if (options.results !== undefined) lines.push(`judged ${options.results}: nothing was run`);
  if (options.shard)
    lines.push(`shard ${options.shard.index}/${options.shard.count}: ${plan.totalRuns} of ${wholePlan.totalRuns} planned runs`);
  const checked = doc.verdicts.filter((v) => v.kind !== 'target').length;
  lines.push(
    `gate ${suite}: ${outcome.pass && failedRuns.length === 0 ? 'PASS' : 'FAIL'} — ${checked} budget/${against ? 'paired' : 'baseline'} checks, ${outcome.failures.length} failed, ${outcome.warnings.length ? `${outcome.warnings.length} warnings (wall time), ` : ''}${failedRuns.length} failed runs`,
    `results: ${resultsFile}`,
    `report:  ${html}`,
    `junit:   ${ci.junitPath}`,
    `summary: ${ci.markdownPath}`,
    `bmf:     ${ci.bmfPath}`,
  );
  return { doc, lines, code: outcome.pass && failedRuns.length === 0 ? 0 : 1 };
}

type PlanResult = Awaited<ReturnType<PlanExecution['result']>>;

/** What an execution returned (base and confirmation runs), not a judged document's measurements. */
function isExecuted(measured: MeasuredResults): measured is PlanResult {
  return 'baseRuns' in measured && 'confirmation' in measured;
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
