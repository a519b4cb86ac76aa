/**
 * Assembles the results document from what was measured and what the command judged, in the
 * field order `results.json` has always had.
 */
import type {
  CapacityProjection,
  ComparisonSummary,
  CounterDefinitions,
  HeapFloor,
  PlanIdentity,
  ProfileFile,
  ResultsDocument,
  RunResult,
  Verdict,
} from './results-document.js';

/** The measured part: what `executePlan` returns. */
export type MeasuredResults = Required<Pick<ResultsDocument, 'startedAt' | 'finishedAt' | 'environment' | 'runs' | 'summaries'>>;

/** What the command adds to the measurements. */
export interface ResultsAdditions {
  /** Target, budget and baseline verdicts. */
  readonly verdicts: readonly Verdict[];
  /** The measured scenarios' counter definitions (see `collectCounterDefinitions`). */
  readonly counterDefinitions: CounterDefinitions;
  /** With `--heap-floor`: one per (scenario, variant, records) searched. @default field left out */
  readonly heapFloors?: readonly HeapFloor[];
  /** Heap snapshots written by this invocation (see {@link snapshotPaths}). @default field left out */
  readonly snapshots?: readonly string[];
  /** Profiles written by this invocation. @default field left out */
  readonly profiles?: readonly ProfileFile[];
  /** With `--capacity`: the capacity projections (see `projectCapacity`). @default field left out */
  readonly capacity?: readonly CapacityProjection[];
  /** The plan measured (its fingerprint, suite and shard). @default field left out */
  readonly plan?: PlanIdentity;
  /** The baseline comparison (gate, `--against`): every checked metric beside its baseline. @default field left out */
  readonly comparison?: ComparisonSummary;
}

/** The results document (schema version 1; the newest additions last: `counterDefinitions`, `capacity`, `plan`). */
export function buildResultsDocument(measured: MeasuredResults, additions: ResultsAdditions): ResultsDocument {
  return {
    schemaVersion: 1,
    startedAt: measured.startedAt,
    finishedAt: measured.finishedAt,
    environment: measured.environment,
    runs: measured.runs,
    summaries: measured.summaries,
    ...(additions.heapFloors !== undefined ? { heapFloors: additions.heapFloors } : {}),
    ...(additions.snapshots !== undefined ? { snapshots: additions.snapshots } : {}),
    ...(additions.profiles !== undefined && additions.profiles.length > 0 ? { profiles: additions.profiles } : {}),
    verdicts: additions.verdicts,
    counterDefinitions: additions.counterDefinitions,
    ...(additions.capacity !== undefined ? { capacity: additions.capacity } : {}),
    ...(additions.plan !== undefined ? { plan: additions.plan } : {}),
    ...(additions.comparison !== undefined ? { comparison: additions.comparison } : {}),
  };
}

/** Snapshot paths for the document: `extra` ones (snapshot re-runs) first, then each run's own. */
export function snapshotPaths(runs: readonly RunResult[], extra: readonly string[] = []): string[] {
  return [...extra, ...runs.flatMap((r) => (r.snapshotPath ? [r.snapshotPath] : []))];
}
