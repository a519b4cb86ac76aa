/**
 * `run(options)`: `heapgate run` from code. Measures, judges targets and budgets, writes
 * results.json and the HTML report as the command does, and returns the results document.
 */
import type { RunOptions } from '../cli/cli-options.js';
import { resolveOptions } from '../cli/parse-args.js';
import { applyProjectConfig } from '../config/apply-project-config.js';
import { measureRun } from '../commands/run-command.js';
import type { ResultsDocument } from '../results/results-document.js';
import { runCleanups } from '../services/cleanup.js';
import { printOutcome } from '../commands/command-io.js';
import { apiIo, givenNames } from './api-io.js';

/**
 * Options of {@link run}: the options of `heapgate run`, by their names in code (`maxHeap` for
 * `--max-heap`), each with the command's default; `scenarios` are the names to run.
 */
export type RunApiOptions = Partial<Omit<RunOptions, 'names' | 'json' | 'records'>> & {
  /** Scenario names to run, or `['all']`. */
  readonly names: readonly string[];
  /** Record counts: one, several, `'default'` or `'sweep'` (as `--records`). @default 'default' */
  readonly records?: RunOptions['records'] | number;
  /** Receives each progress and result line the CLI would print. @default discard them */
  readonly onLog?: (line: string) => void;
};

/**
 * Runs scenarios as `heapgate run` does and returns the results document (also written to
 * `out`, default `reports/<timestamp>-<scenarios>`). A failing run or budget is in the
 * document (`runs[].status`, `verdicts`), not thrown.
 *
 * @throws UsageError for an unknown option or scenario, ServiceError for a service that would not start.
 */
export async function run(options: RunApiOptions): Promise<ResultsDocument> {
  const { names, onLog, records, ...rest } = options;
  const given = { ...rest, ...(records !== undefined ? { records: typeof records === 'number' ? [records] : records } : {}) };
  const resolved = await applyProjectConfig('run', resolveOptions('run', given), givenNames(given));
  const io = apiIo(onLog);
  try {
    const outcome = await measureRun({ ...resolved, json: false, names }, io);
    printOutcome(outcome, false, io);
    return outcome.doc;
  } finally {
    await runCleanups();
  }
}
