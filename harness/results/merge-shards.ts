/**
 * `heapgate merge`: the results documents of the shards of one plan (`--shard 1/n` … `n/n`)
 * combined into the document the unsharded run would have written. Each shard measured and
 * judged whole units of the plan (`runner/shard-plan.ts`), so its runs, summaries and verdicts
 * are those of the unsharded run for the same measurements, and the merge concatenates them.
 *
 * k6-operator cannot do this: each of its runners judges thresholds on its own share of the
 * load, and nothing combines them (https://github.com/grafana/k6-operator/issues/115).
 */
import { UsageError } from '../errors.js';
import type { ResultsDocument, ServiceDescription } from './results-document.js';

/** One shard's document and the file it came from (for messages). */
export interface ShardDocument {
  readonly file: string;
  readonly doc: ResultsDocument;
}

/** The merged document and what the merge noticed but accepted. */
export interface MergedShards {
  readonly doc: ResultsDocument;
  /** E.g. shards measured on machines with different CPU counts or memory. */
  readonly notes: readonly string[];
}

/**
 * Merges the documents of shards 1 … n of one plan, in shard order.
 * @throws UsageError naming the file when a document is not a shard, belongs to another plan,
 *   command or suite, was measured on another Node.js version or platform, or with services of
 *   another provider or version; or when a shard is missing, given twice, or two shards measured
 *   the same (scenario, variant, records).
 */
export function mergeShards(shards: readonly ShardDocument[]): MergedShards {
  if (shards.length === 0) throw new UsageError('merge: no results files given');
  for (const { file, doc } of shards) {
    if (!doc.plan?.shard) {
      throw new UsageError(`${file}: not a shard (no plan.shard): merge takes the results of runs with --shard i/n`);
    }
  }
  const sorted = [...shards].sort((a, b) => a.doc.plan!.shard!.index - b.doc.plan!.shard!.index);
  const first = sorted[0]!;
  const plan = first.doc.plan!;
  const count = plan.shard!.count;
  for (const { file, doc } of sorted) {
    const p = doc.plan!;
    const differs = (what: string, theirs: unknown, ours: unknown) =>
      new UsageError(
        `${file}: ${what} ${JSON.stringify(theirs)} differs from ${first.file}'s ${JSON.stringify(ours)}: not shards of the same plan`,
      );
    if (p.command !== plan.command) throw differs('plan.command', p.command, plan.command);
    if (p.suite !== plan.suite) throw differs('plan.suite', p.suite, plan.suite);
    if (p.fingerprint !== plan.fingerprint) {
      throw new UsageError(
        `${file}: plan ${p.fingerprint} differs from ${first.file}'s ${plan.fingerprint}: not shards of the same plan (other scenarios, budgets, --repeat or --records?)`,
      );
    }
    if (p.shard!.count !== count) throw differs('shard count', p.shard!.count, count);
    for (const k of ['node', 'platform'] as const) {
      if (doc.environment[k] !== first.doc.environment[k]) {
        throw new UsageError(
          `${file}: environment.${k} ${doc.environment[k]} differs from ${first.file}'s ${first.doc.environment[k]}: shards must be measured alike`,
        );
      }
    }
  }
  const indices = sorted.map((s) => s.doc.plan!.shard!.index);
  const twice = indices.filter((i, k) => indices.indexOf(i) !== k);
  if (twice.length) throw new UsageError(`merge: shard ${twice[0]}/${count} given twice`);
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !indices.includes(i));
  if (missing.length)
    throw new UsageError(`merge: missing shard ${missing.map((i) => `${i}/${count}`).join(', ')} of plan ${plan.fingerprint}`);

  const measuredBy = new Map<string, string>();
  for (const { file, doc } of sorted) {
    for (const r of doc.runs) {
      const key = `${r.scenario} / ${r.variant} / ${r.records} records`;
      const other = measuredBy.get(key);
      if (other !== undefined && other !== file) throw new UsageError(`${file}: ${key} was measured by ${other} too: shards overlap`);
      measuredBy.set(key, file);
    }
  }

  const services: Record<string, ServiceDescription> = {};
  const serviceFile = new Map<string, string>();
  for (const { file, doc } of sorted) {
    for (const [name, description] of Object.entries(doc.environment.services)) {
      const seen = services[name];
      if (seen && (seen.provider !== description.provider || seen.version !== description.version)) {
        throw new UsageError(
          `${file}: ${name} ${describeService(description)} differs from ${serviceFile.get(name)}'s ${describeService(seen)}: shards must be measured alike`,
        );
      }
      services[name] = description;
      serviceFile.set(name, file);
    }
  }
  const notes: string[] = [];
  for (const k of ['cpus', 'totalMemBytes'] as const) {
    const values = [...new Set(sorted.map((s) => s.doc.environment[k]))];
    if (values.length > 1) notes.push(`shards ran on machines with different ${k} (${values.join(', ')}): the document keeps shard 1's`);
  }

  const docs = sorted.map((s) => s.doc);
  const concat = <T>(pick: (d: ResultsDocument) => readonly T[] | undefined): T[] | undefined =>
    docs.some((d) => pick(d) !== undefined) ? docs.flatMap((d) => pick(d) ?? []) : undefined;
  const finished = docs.map((d) => d.finishedAt);
  const heapFloors = concat((d) => d.heapFloors);
  const snapshots = concat((d) => d.snapshots);
  const capacity = concat((d) => d.capacity);
  const counterDefinitions = docs.some((d) => d.counterDefinitions)
    ? Object.assign({}, ...docs.map((d) => d.counterDefinitions ?? {}))
    : undefined;
  const doc: ResultsDocument = {
    schemaVersion: 1,
    startedAt: docs.map((d) => d.startedAt).sort()[0]!,
    ...(finished.every((f): f is string => f !== undefined) ? { finishedAt: [...finished].sort().at(-1)! } : {}),
    environment: { ...first.doc.environment, services },
    runs: docs.flatMap((d) => d.runs),
    summaries: docs.flatMap((d) => d.summaries),
    ...(heapFloors ? { heapFloors } : {}),
    ...(snapshots ? { snapshots } : {}),
    verdicts: docs.flatMap((d) => d.verdicts),
    ...(counterDefinitions ? { counterDefinitions } : {}),
    ...(capacity ? { capacity } : {}),
    plan: {
      command: plan.command,
      ...(plan.suite !== undefined ? { suite: plan.suite } : {}),
      fingerprint: plan.fingerprint,
      mergedShards: count,
    },
  };
  return { doc, notes };
}

function describeService(s: ServiceDescription): string {
  return s.version ? `${s.provider} ${s.version}` : s.provider;
}
