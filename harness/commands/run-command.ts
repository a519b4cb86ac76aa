/**
 * `heapgate run <scenario|all> …` (also `npm run scenario -- …`): measure, judge targets and
 * budgets, project capacities (`--capacity`), write results.json and the HTML report, print
 * the table. With `--shard i/n`, only part i of the plan (combine the parts with `heapgate merge`).
 * With `--against REF`, also measures that git revision's scenarios interleaved with these and
 * judges each metric on the paired repeats (`harness/against/`). Exit 0 when every run finished
 * ok and every budget (and paired check) held, 1 otherwise.
 */
import { openAgainst, type AgainstSession } from '../against/against-session.js';
import { describePaired } from '../against/describe-paired.js';
import type { RunOptions } from '../cli/cli-options.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import { projectCapacity } from '../growth/project-capacity.js';
import { buildResultsDocument, snapshotPaths } from '../results/build-results-document.js';
import { collectCounterDefinitions } from '../results/counter-definitions.js';
import type { HeapFloor } from '../results/results-document.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';
import { executePlan, type MeasuredRecords } from '../runner/execute-plan.js';
import { resolvePlan, type Plan } from '../runner/plan.js';
import { planFingerprint } from '../runner/plan-fingerprint.js';
import { shardPlan } from '../runner/shard-plan.js';
import { searchHeapFloors } from '../runner/search-heap-floors.js';
import { builtinDirFor, describeScenarioSources } from '../config/apply-project-config.js';
import { loadScenarios, type LoadedScenario } from '../scenario/load-scenarios.js';
import { executeOptionsFor } from './execute-options.js';
import { printOutcome, type CommandIo, type CommandOutcome } from './command-io.js';
import { judgeSummaries } from './judge-summaries.js';
import { selectScenarios } from './select-scenarios.js';

/** Runs the `run` command with its resolved options. */
export async function runCommand(options: RunOptions, io: CommandIo): Promise<number> {
  return printOutcome(await measureRun(options, io), options.json, io);
}

/** Measures, judges and writes what `run` writes; returns the document without printing it (progress goes to `io.stderr`). */
export async function measureRun(options: RunOptions, io: CommandIo): Promise<CommandOutcome> {
  const loaded = await loadScenarios(options.scenarios, builtinDirFor(options));
  const selected = selectScenarios(options.names, loaded, describeScenarioSources(options));
  const wholePlan = resolvePlan(selected, {
    records: options.records,
    variants: options.variant,
    repeat: options.repeat,
    ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
  });
  const plan = options.shard ? shardPlan(wholePlan, options.shard).plan : wholePlan;
  const against = options.against === undefined ? undefined : await openAgainst(options.against, { log: (m) => io.stderr.write(`${m}\n`) });
  try {
    return await runWith(options, io, { selected, plan, wholePlan, against });
  } finally {
    await against?.close();
  }
}

async function runWith(
  options: RunOptions,
  io: CommandIo,
  ctx: {
    readonly selected: readonly LoadedScenario[];
    readonly plan: Plan;
    readonly wholePlan: Plan;
    readonly against: AgainstSession | undefined;
  },
): Promise<CommandOutcome> {
  const { selected, against, wholePlan } = ctx;
  // Paired: every planned run happens twice, once per revision.
  const plan = against ? { ...ctx.plan, totalRuns: ctx.plan.totalRuns * 2 } : ctx.plan;
  const outDir = options.out ?? defaultOutDir(selected.map((s) => s.definition.name));
  const progress = createProgressReporter(io.stderr);
  const execution = executePlan(plan, { ...executeOptionsFor(options, outDir, io, progress), ...(against ? { base: against.arm } : {}) });
  // --capacity, else the --max-heap the children ran under: "would it fit this heap?"
  const capacityBytes = options.capacity ?? (options.maxHeap !== undefined ? options.maxHeap * 1024 * 1024 : undefined);
  // A capacity is projected from heap floors over a sweep (harness/growth/project-capacity.ts):
  // with --capacity, a scenario run at two or more record counts has them searched. A capacity
  // that only defaults to --max-heap projects from what was measured (floors with --heap-floor).
  const sweeps = new Set(plan.scenarios.filter((p) => p.records.length >= 2).map((p) => p.scenario));
  const searchFloors = (records: MeasuredRecords) => options.heapFloor || (options.capacity !== undefined && sweeps.has(records.scenario));
  const heapFloors: HeapFloor[] = [];
  const measured = await (async () => {
    try {
      // The heap-floor search follows each record count while its data set and fixtures are up.
      // Iterating an execution that needs no follow-up changes nothing: result() finishes it.
      for await (const records of execution) if (searchFloors(records)) heapFloors.push(...(await searchHeapFloors(records)));
      return await execution.result();
    } finally {
      progress.stop();
    }
  })();
  const paired = against?.judge(measured.runs, measured.baseRuns, measured.confirmation);
  const doc = buildResultsDocument(measured, {
    verdicts: [...judgeSummaries(measured.summaries, selected), ...(paired?.verdicts ?? [])],
    ...(paired ? { comparison: paired.comparison } : {}),
    counterDefinitions: collectCounterDefinitions(selected.map((s) => s.definition)),
    ...(options.heapFloor || heapFloors.length > 0 ? { heapFloors } : {}),
    ...(options.snapshot ? { snapshots: snapshotPaths(measured.runs) } : {}),
    ...(capacityBytes !== undefined ? { capacity: projectCapacity({ ...measured, heapFloors }, capacityBytes) } : {}),
    plan: { command: 'run', fingerprint: planFingerprint(wholePlan), ...(options.shard ? { shard: options.shard } : {}) },
  });
  const file = writeResults(doc, outDir);
  const html = await writeHtmlReport(doc, outDir);
  const outcome = gateOutcome(doc.verdicts, ['budget', 'baseline']);
  const lines = [
    renderConsoleTable(doc, { verbose: options.verbose }),
    ...(paired ? describePaired(paired.comparison.rows, paired.notCompared, paired.comparison.source) : []),
    ...outcome.failures.map(
      (v) => `${v.kind === 'baseline' ? 'REGRESSED' : 'BUDGET FAILED'}: ${describeVerdict(v, doc.counterDefinitions)}`,
    ),
    `results: ${file}`,
    `report:  ${html}`,
  ];
  return { doc, lines, code: doc.runs.every((r) => r.status === 'ok') && outcome.pass ? 0 : 1 };
}
