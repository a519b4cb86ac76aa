/**
 * `heapgate run <scenario|all> …` (also `npm run scenario -- …`): measure, judge targets and
 * budgets, write results.json and the HTML report, print the table. Exit 0 when every run
 * finished ok and every budget held, 1 otherwise.
 */
import type { ParsedArgs } from '../cli/flags.js';
import { DEFAULTS } from '../config/defaults.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import { buildResultsDocument, snapshotPaths } from '../results/build-results-document.js';
import { collectCounterDefinitions } from '../results/counter-definitions.js';
import type { HeapFloor } from '../results/results-document.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';
import { executePlan } from '../runner/execute-plan.js';
import { resolvePlan } from '../runner/plan.js';
import { searchHeapFloors } from '../runner/search-heap-floors.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { CommandIo } from './command-io.js';
import { judgeSummaries } from './judge-summaries.js';
import { parseRecords, parseVariants, selectScenarios } from './select-scenarios.js';

/** Runs the `run` command. */
export async function runCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const f = args.flags;
  const loaded = await loadScenarios((f.scenarios as string[] | undefined) ?? []);
  const selected = selectScenarios(args.positionals, loaded);
  const plan = resolvePlan(selected, {
    records: parseRecords(f.records as string | undefined),
    variants: parseVariants(f.variant as string | undefined),
    repeat: (f.repeat as number | undefined) ?? DEFAULTS.runRepeat,
  });
  const outDir = (f.out as string | undefined) ?? defaultOutDir(selected.map((s) => s.definition.name));
  const progress = createProgressReporter(io.stderr as NodeJS.WriteStream);
  const execution = executePlan(plan, {
    ...(f['max-heap'] !== undefined ? { maxHeapMb: f['max-heap'] as number } : {}),
    ...(f.snapshot ? { snapshotDir: outDir } : {}),
    onEvent: (e) => progress.onEvent(e),
    ...(f.verbose ? { onChildOutput: (t: string) => io.stderr.write(t) } : {}),
  });
  const heapFloors: HeapFloor[] = [];
  const measured = await (async () => {
    try {
      // The heap-floor search follows each record count while its data set and fixtures are up.
      if (f['heap-floor']) for await (const records of execution) heapFloors.push(...(await searchHeapFloors(records)));
      return await execution.result();
    } finally {
      progress.stop();
    }
  })();
  const doc = buildResultsDocument(measured, {
    verdicts: judgeSummaries(measured.summaries, selected),
    counterDefinitions: collectCounterDefinitions(selected.map((s) => s.definition)),
    ...(f['heap-floor'] ? { heapFloors } : {}),
    ...(f.snapshot ? { snapshots: snapshotPaths(measured.runs) } : {}),
  });
  const file = writeResults(doc, outDir);
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts, ['budget']);
  const lines = [
    renderConsoleTable(doc),
    ...outcome.failures.map((v) => `BUDGET FAILED: ${describeVerdict(v, doc.counterDefinitions)}`),
    `results: ${file}`,
    `report:  ${html}`,
  ];
  (f.json ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
  if (f.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return doc.runs.every((r) => r.status === 'ok') && outcome.pass ? 0 : 1;
}
