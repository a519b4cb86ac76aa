/**
 * `heapgate gate [--suite ci] [--update-baseline]` (also `npm run gate`): runs the suite, checks
 * budgets and the committed baseline, writes results.json, JUnit, Markdown, BMF and HTML.
 * Exit 0 pass, 1 budget or regression failure (or a failed run), 2 usage or infrastructure.
 */
import path from 'node:path';
import type { ParsedArgs } from '../cli/flags.js';
import { DEFAULTS } from '../config/defaults.js';
import { baselinePath } from '../baseline/baseline-file.js';
import { compareToBaseline } from '../baseline/compare-to-baseline.js';
import { loadBaseline } from '../baseline/load-baseline.js';
import { updateBaseline, writeBaseline } from '../baseline/update-baseline.js';
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
import { rerunWithSnapshot } from '../runner/snapshot-rerun.js';
import { loadScenarios, type LoadedScenario } from '../scenario/load-scenarios.js';
import type { CommandIo } from './command-io.js';
import { judgeSummaries } from './judge-summaries.js';

/** Runs the `gate` command. */
export async function gateCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const f = args.flags;
  const suite = (f.suite as string | undefined) ?? DEFAULTS.suite;
  const userPaths = (f.scenarios as string[] | undefined) ?? [];
  const loaded = await loadScenarios(userPaths);
  // With --scenarios, a project gates its own scenarios: heapgate's reference scenarios (and
  // the PostgreSQL/Redis/S3 they start) are not part of someone else's build.
  const gated = userPaths.length > 0 ? loaded.filter((s) => s.origin === 'user') : loaded;
  const plan = resolveSuitePlan(gated, suite, (f.repeat as number | undefined) ?? DEFAULTS.gateRepeat);
  // Read the baseline before spending minutes measuring: a malformed one is a usage error now.
  const baselineFile = path.resolve((f.baseline as string | undefined) ?? baselinePath(suite));
  const baseline = await loadBaseline(baselineFile);
  const outDir = (f.out as string | undefined) ?? defaultOutDir([`gate-${suite}`]);
  // A scenario appears once per distinct record set in the plan; judge each only once.
  const scenarios = [...new Map(plan.scenarios.map((p) => [p.scenario.definition.name, p.scenario])).values()];
  const progress = createProgressReporter(io.stderr as NodeJS.WriteStream);
  const execution = executePlan(plan, {
    ...(f['max-heap'] !== undefined ? { maxHeapMb: f['max-heap'] as number } : {}),
    ...(f.snapshot ? { snapshotDir: outDir } : {}),
    onEvent: (e) => progress.onEvent(e),
    ...(f.verbose ? { onChildOutput: (t: string) => io.stderr.write(t) } : {}),
  });
  const rerunSnapshots: string[] = [];
  const measured = await (async () => {
    try {
      // Without --snapshot, a variant whose leak budget fails is re-run once with a heap
      // snapshot, judged as soon as its record count is measured (its data is still seeded).
      if (!f.snapshot) {
        for await (const records of execution) {
          for (const variant of leakingVariants(records, scenarios, suite)) {
            const file = await rerunWithSnapshot(records, variant, outDir, 'leak budget failed');
            if (file) rerunSnapshots.push(file);
          }
        }
      }
      return await execution.result();
    } finally {
      progress.stop();
    }
  })();
  const comparison = compareToBaseline(
    measured.summaries,
    f['update-baseline'] ? undefined : baseline,
    { source: path.relative(process.cwd(), baselineFile) },
    { node: measured.environment.node, platform: measured.environment.platform },
  );
  const doc = buildResultsDocument(measured, {
    verdicts: [...judgeSummaries(measured.summaries, scenarios, suite), ...comparison.verdicts],
    counterDefinitions: collectCounterDefinitions(scenarios.map((s) => s.definition)),
    ...(f.snapshot ? { snapshots: snapshotPaths(measured.runs) } : rerunSnapshots.length ? { snapshots: rerunSnapshots } : {}),
  });
  const resultsFile = writeResults(doc, outDir);
  const ci = await writeCiOutputs(doc, outDir, process.env, { suite, baseline: comparison });
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts);
  const failedRuns = doc.runs.filter((r) => r.status !== 'ok');
  const lines = [renderConsoleTable(doc)];
  if (!baseline && !f['update-baseline']) lines.push(`no baseline at ${baselineFile}: budgets only (write one with --update-baseline)`);
  if (comparison.environmentNote) lines.push(comparison.environmentNote);
  for (const v of outcome.failures) lines.push(`FAIL ${describeVerdict(v, doc.counterDefinitions)}`);
  if (f['update-baseline'] && failedRuns.length === 0) {
    const written = await writeBaseline(baselineFile, updateBaseline(baseline, doc, { suite }));
    lines.push(`baseline written: ${written}`);
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
  (f.json ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
  if (f.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return outcome.pass && failedRuns.length === 0 ? 0 : 1;
}

/**
 * The variants of a measured record count whose leak budget (a budget on `retainedHeapBytes`)
 * fails: the gate re-runs each once with a heap snapshot, so the report links straight to the
 * evidence.
 */
function leakingVariants(measured: MeasuredRecords, scenarios: readonly LoadedScenario[], suite: string): string[] {
  const verdicts = judgeSummaries(summarize(measured.runs), scenarios, suite);
  return measured.variants.filter((variant) =>
    verdicts.some((v) => v.kind === 'budget' && !v.pass && v.metric === 'retainedHeapBytes' && v.variant === variant),
  );
}
