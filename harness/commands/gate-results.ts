/**
 * `gate --results FILE`: the gate judging a results document it did not measure (the merge of
 * the `--shard` parts of a CI matrix) instead of running the suite. The document must hold
 * every (scenario, variant, records) the suite plans: a missing one would otherwise pass by
 * having no verdict.
 */
import type { GateOptions } from '../cli/cli-options.js';
import { UsageError } from '../errors.js';
import type { MeasuredResults } from '../results/build-results-document.js';
import { readResultsDocument } from '../results/read-results-document.js';
import type { ResultsDocument } from '../results/results-document.js';
import type { Plan } from '../runner/plan.js';

/** How many missing (scenario, variant, records) an error lists before it says "and N more". */
const LISTED = 5;

/** Why `options` combine `--shard`, `--results` and `--update-baseline` wrongly, if they do. */
export function shardUsageProblem(options: Pick<GateOptions, 'shard' | 'results' | 'updateBaseline'>): string | undefined {
  if (options.shard && options.results !== undefined)
    return '--shard and --results: a shard runs part of the suite, --results runs nothing';
  if (options.shard && options.updateBaseline) {
    return '--update-baseline with --shard would write part of the suite: merge the shards, then gate --results <merged> --update-baseline';
  }
  return undefined;
}

/**
 * Reads `file` and returns it with its measured part, checked against the suite's whole plan.
 * @throws UsageError when the file is missing or malformed, is one unmerged shard of several,
 *   was gated on another suite, or lacks runs of a planned (scenario, variant, records).
 */
export async function measuredFromDocument(
  file: string,
  plan: Plan,
  suite: string,
): Promise<{ readonly doc: ResultsDocument; readonly measured: MeasuredResults }> {
  const doc = await readResultsDocument(file);
  const shard = doc.plan?.shard;
  if (shard && shard.count > 1) {
    throw new UsageError(
      `${file}: holds shard ${shard.index}/${shard.count} only: combine all ${shard.count} with heapgate merge, then judge the merged file`,
    );
  }
  if (doc.plan?.suite !== undefined && doc.plan.suite !== suite) {
    throw new UsageError(`${file}: was gated on suite "${doc.plan.suite}", not "${suite}" (pass --suite ${doc.plan.suite})`);
  }
  const measured = new Set(doc.runs.map((r) => `${r.scenario} / ${r.variant} / ${r.records} records`));
  const missing = plan.scenarios.flatMap((p) =>
    p.records.flatMap((records) =>
      p.variants.map((variant) => `${p.scenario.definition.name} / ${variant} / ${records} records`).filter((key) => !measured.has(key)),
    ),
  );
  if (missing.length) {
    const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
    throw new UsageError(`${file}: has no runs of ${missing.slice(0, LISTED).join(', ')}${more}, which suite "${suite}" checks`);
  }
  return {
    doc,
    measured: {
      startedAt: doc.startedAt,
      finishedAt: doc.finishedAt ?? doc.startedAt,
      environment: doc.environment,
      runs: doc.runs,
      summaries: doc.summaries,
    },
  };
}
