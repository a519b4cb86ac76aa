/**
 * `--update-baseline`: merge this run's summaries into the suite's baseline and write it.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultsDocument } from '../results/results-document.js';
import {
  baselineKey,
  resolveTolerances,
  type BaselineEntry,
  type BaselineFile,
  type BaselineMetrics,
  type Tolerances,
} from './baseline-file.js';

/** Options of {@link updateBaseline}. */
export interface UpdateBaselineOptions {
  /** The suite the baseline belongs to (`ci`). */
  readonly suite: string;
  /** Tolerances to store. @default the existing file's, else DEFAULT_TOLERANCES */
  readonly tolerances?: Partial<Tolerances>;
  /** The update time. @default new Date() */
  readonly now?: Date;
}

/**
 * Returns a new baseline: the existing entries, with every (scenario, variant, records) of
 * this run that has `ok` repeats replaced by this run's median/min/max. Entries this run did
 * not measure are KEPT (a partial run does not erase the rest of the suite). `createdAt` is
 * kept; `updatedAt` and `environment` are this run's.
 */
export function updateBaseline(existing: BaselineFile | undefined, doc: ResultsDocument, options: UpdateBaselineOptions): BaselineFile {
  const now = (options.now ?? new Date()).toISOString();
  const entries: Record<string, BaselineEntry> = { ...(existing?.entries ?? {}) };
  for (const s of doc.summaries) {
    if (s.repeats <= 0) continue;
    entries[baselineKey(s)] = Object.freeze({
      scenario: s.scenario,
      variant: s.variant,
      records: s.records,
      repeats: s.repeats,
      median: finiteOnly(s.median),
      min: finiteOnly(s.min),
      max: finiteOnly(s.max),
      ...(s.liveHeapMethod !== undefined ? { liveHeapMethod: s.liveHeapMethod } : {}),
    });
  }
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((k) => [k, entries[k]]),
  );
  return Object.freeze({
    schemaVersion: 1,
    suite: options.suite,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    environment: Object.freeze({
      node: doc.environment.node,
      platform: doc.environment.platform,
      cpus: doc.environment.cpus,
      totalMemBytes: doc.environment.totalMemBytes,
    }),
    tolerances: resolveTolerances({ ...(existing?.tolerances ?? {}), ...(options.tolerances ?? {}) }),
    entries: Object.freeze(sorted),
  });
}

/** A metric this run could not measure (NaN) is left out of the entry rather than written as null. */
function finiteOnly(metrics: Readonly<Record<string, number>>): BaselineMetrics {
  return Object.freeze(Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))));
}

/**
 * Writes a baseline as indented JSON with a trailing newline (entries sorted), creating the
 * directory. Written to a temporary file and renamed, so an interrupted write never leaves a
 * half file behind.
 */
export async function writeBaseline(file: string, baseline: BaselineFile): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const sorted = {
    ...baseline,
    entries: Object.fromEntries(
      Object.keys(baseline.entries)
        .sort()
        .map((k) => [k, baseline.entries[k]]),
    ),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(sorted, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
  return file;
}
