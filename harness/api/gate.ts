/**
 * `gate(options)`: `heapgate gate` from code. Runs a suite's budgets (and, unless told not to,
 * compares with its baseline), writes the results and CI reports as the command does, and
 * returns the results document.
 */
import type { GateOptions } from '../cli/cli-options.js';
import { resolveOptions } from '../cli/parse-args.js';
import { applyProjectConfig } from '../config/apply-project-config.js';
import { measureGate } from '../commands/gate-command.js';
import type { ResultsDocument } from '../results/results-document.js';
import { runCleanups } from '../services/cleanup.js';
import { printOutcome } from '../commands/command-io.js';
import { apiIo, givenNames } from './api-io.js';

/** Options of {@link gate}: those of `heapgate gate`, by their names in code, each with its default. */
export type GateApiOptions = Partial<Omit<GateOptions, 'json'>> & {
  /** Compare with the suite's baseline file; false judges budgets only. @default true */
  readonly compareBaseline?: boolean;
  /** Receives each progress and result line the CLI would print. @default discard them */
  readonly onLog?: (line: string) => void;
};

/**
 * Runs the suite as `heapgate gate` does and returns the results document: failing budgets and
 * regressions are verdicts with `pass: false`, failed runs have their `status`; nothing is thrown
 * for them.
 *
 * @throws UsageError for an unknown option, a suite no budget names or a malformed baseline;
 *   ServiceError for a service that would not start.
 */
export async function gate(options: GateApiOptions = {}): Promise<ResultsDocument> {
  const { compareBaseline, onLog, ...rest } = options;
  const resolved = await applyProjectConfig('gate', resolveOptions('gate', rest), givenNames(rest));
  const io = apiIo(onLog);
  try {
    const outcome = await measureGate({ ...resolved, json: false }, io, compareBaseline !== undefined ? { compareBaseline } : {});
    printOutcome(outcome, false, io);
    return outcome.doc;
  } finally {
    await runCleanups();
  }
}
