/**
 * `heapgate run <scenario|all> …` (also `npm run scenario -- …`): measure, write results.json,
 * print the table. Exit 0 when every run finished ok, 1 when one did not.
 */
import type { ParsedArgs } from '../cli/flags.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import { resolvePlan } from '../runner/plan.js';
import { executePlan } from '../runner/execute-plan.js';
import type { ResultsDocument } from '../results/results-document.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import type { CommandIo } from './command-io.js';
import { DEFAULTS } from '../config/defaults.js';
import { parseRecords, parseVariants, selectScenarios } from './select-scenarios.js';
import { judgeDocument } from './judge.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { formatMetricValue } from '../reporters/format-units.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';

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
  const definitions = selected.map((s) => s.definition);
  let doc: ResultsDocument;
  try {
    doc = await executePlan(plan, {
      ...(f['max-heap'] !== undefined ? { maxHeapMb: f['max-heap'] as number } : {}),
      ...(f.snapshot ? { snapshotDir: outDir } : {}),
      ...(f['heap-floor'] ? { heapFloor: {} } : {}),
      onEvent: (e) => progress.onEvent(e),
      ...(f.verbose ? { onChildOutput: (t: string) => io.stderr.write(t) } : {}),
      judge: (partial) => judgeDocument(partial, selected),
    });
  } finally {
    progress.stop();
  }
  const file = writeResults(doc, outDir);
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts, ['budget']);
  const lines = [
    renderConsoleTable(doc, definitions),
    ...outcome.failures.map((v) => `BUDGET FAILED: ${describeVerdict(v, formatMetricValue)}`),
    `results: ${file}`,
    `report:  ${html}`,
  ];
  (f.json ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
  if (f.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return doc.runs.every((r) => r.status === 'ok') && outcome.pass ? 0 : 1;
}
