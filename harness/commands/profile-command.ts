/**
 * `heapgate profile <scenario> --with heap|cpu|doctor|flame [--variant V] [--records N]`: runs
 * each variant once with a profiler over its measured phase (`heap`, `cpu`) or under clinic over
 * its whole child process (`doctor`, `flame`; see `harness/profile/profile-kind.ts` for which
 * and why), writes the profiles, results.json and the HTML report that links them. Profiled
 * figures carry the profiler's overhead: they are recorded, never judged. A clinic package that
 * is not installed is a MissingDependencyError (exit 2) before anything starts.
 * Exit 0 when every run finished and wrote its profile, 1 otherwise.
 */
import type { ProfileOptions } from '../cli/cli-options.js';
import { UsageError } from '../errors.js';
import { CLINIC_PACKAGES, isClinicKind, PROFILE_KINDS } from '../profile/profile-kind.js';
import { clinicCaveat } from '../profile/clinic-caveat.js';
import { assertOptionalInstalled } from '../services/optional-dependency.js';
import { buildResultsDocument } from '../results/build-results-document.js';
import { collectCounterDefinitions } from '../results/counter-definitions.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { createProgressReporter } from '../reporters/progress.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';
import { executePlan } from '../runner/execute-plan.js';
import { resolvePlan } from '../runner/plan.js';
import { profilesOfRuns } from '../runner/profile-rerun.js';
import { builtinDirFor, describeScenarioSources } from '../config/apply-project-config.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { CommandIo } from './command-io.js';
import { executeOptionsFor } from './execute-options.js';
import { selectScenarios } from './select-scenarios.js';

/** Runs the `profile` command with its resolved options. */
export async function profileCommand(options: ProfileOptions, io: CommandIo): Promise<number> {
  const kind = options.with;
  if (kind === undefined) throw new UsageError(`name the profiler: --with ${PROFILE_KINDS.join('|')}`);
  if (isClinicKind(kind)) assertOptionalInstalled(CLINIC_PACKAGES[kind]);
  const loaded = await loadScenarios(options.scenarios, builtinDirFor(options));
  const selected = selectScenarios([options.name], loaded, describeScenarioSources(options));
  const plan = resolvePlan(selected, { records: options.records, variants: options.variant, repeat: 1 });
  const outDir = options.out ?? defaultOutDir([`profile-${options.name}`]);
  const progress = createProgressReporter(io.stderr);
  const execution = executePlan(plan, {
    ...executeOptionsFor(options, outDir, io, progress),
    // One profiled child per (variant, records): a live pass would only add an unprofiled run.
    liveHeap: 'observed',
    profile: { kind, dir: outDir },
  });
  const measured = await execution.result().finally(() => progress.stop());
  const profiles = profilesOfRuns(measured.runs, kind, 'heapgate profile');
  const doc = buildResultsDocument(measured, {
    // Figures measured under a profiler are not judged: its overhead is in them.
    verdicts: [],
    counterDefinitions: collectCounterDefinitions(selected.map((s) => s.definition)),
    profiles,
  });
  const file = writeResults(doc, outDir);
  const html = await writeHtmlReport(doc, outDir);
  const missing = doc.runs.filter((r) => r.status === 'ok' && !r.profilePath);
  const lines = [
    renderConsoleTable(doc, { verbose: options.verbose }),
    `figures measured under the ${kind} profiler include its overhead; compare them with heapgate run, not with a baseline`,
    ...(isClinicKind(kind) ? [clinicCaveat(kind)] : []),
    ...profiles.map((p) => `profile: ${p.path}`),
    `results: ${file}`,
    `report:  ${html}`,
  ];
  (options.json ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return doc.runs.every((r) => r.status === 'ok') && missing.length === 0 ? 0 : 1;
}
