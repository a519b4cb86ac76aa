/**
 * What `run --against <ref>` and `gate --against <ref>` share: prepare the base revision, tell
 * the runner where its scenario modules are (the same path inside its worktree), judge the
 * paired repeats, and remove the worktree afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ComparisonSummary, RunResult, Verdict } from '../results/results-document.js';
import type { BaseArm } from '../runner/measure-repeats.js';
import type { ConfirmationRuns } from '../runner/execute-plan.js';
import { comparePaired, suspectedVariants, type NotCompared } from './compare-paired.js';
import { prepareBaseTree, type BaseTree, type PrepareBaseTreeOptions } from './prepare-base-tree.js';
import { runStep } from './run-step.js';

/** An open paired comparison. */
export interface AgainstSession {
  readonly base: BaseTree;
  /** For `ExecuteOptions.base`. */
  readonly arm: BaseArm;
  /** Judges head against base: verdicts, the document's comparison, and what could not be compared. */
  judge(
    headRuns: readonly RunResult[],
    baseRuns: readonly RunResult[],
    confirmation?: ConfirmationRuns,
  ): { verdicts: readonly Verdict[]; comparison: ComparisonSummary; notCompared: readonly NotCompared[] };
  /** Removes the base worktree (idempotent). */
  close(): Promise<void>;
}

/**
 * Prepares `ref` (see `prepareBaseTree`) for the repository holding `cwd`.
 * @throws UsageError for a ref that names no commit; AgainstError when it cannot be built.
 */
export async function openAgainst(
  ref: string,
  options: Omit<PrepareBaseTreeOptions, 'repoDir'> & { readonly cwd?: string } = {},
): Promise<AgainstSession> {
  const cwd = options.cwd ?? process.cwd();
  const base = await prepareBaseTree(ref, { ...options, repoDir: cwd });
  const headRoot = fs.realpathSync((await runStep('git', 'git', ['rev-parse', '--show-toplevel'], cwd)).trim());
  const short = base.commit.slice(0, 12);
  const source = ref === short || ref === base.commit ? short : `${ref} (${short})`;
  return {
    base,
    arm: {
      label: ref,
      scenarioFile(file) {
        // The same module in the base revision: the same path relative to the repository root.
        const relative = path.relative(headRoot, fs.realpathSync(file));
        if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
        const there = path.join(base.dir, relative);
        return fs.existsSync(there) ? there : undefined;
      },
      suspects: (head, baseRuns) => suspectedVariants(head, baseRuns),
    },
    judge(headRuns, baseRuns, confirmation) {
      const confirming = confirmation && confirmation.head.length + confirmation.base.length > 0 ? confirmation : undefined;
      const paired = comparePaired(headRuns, baseRuns, { source, ...(confirming ? { confirmation: confirming } : {}) });
      return {
        verdicts: paired.verdicts,
        notCompared: paired.notCompared,
        comparison: {
          kind: 'paired',
          source,
          rule: paired.rule,
          ref,
          commit: base.commit,
          rows: paired.rows,
          baseRuns,
          ...(confirming ? { confirmationRuns: { head: confirming.head, base: confirming.base } } : {}),
        },
      };
    },
    close: () => base.remove(),
  };
}
