/**
 * JUnit XML of a results document, for CI test tabs: one `<testsuite>` per scenario, one
 * `<testcase>` per verdict, plus one per run that did not finish `ok`.
 *
 * - A failing gating verdict (budget, baseline) is a `<failure>` whose message names scenario,
 *   variant, records, metric, actual, limit and source.
 * - A missed documented target is `<skipped>` with the same message: reported, not gated
 *   (see `gateOutcome`).
 * - A run that failed, timed out, crashed or ran out of memory is an `<error>` (type
 *   `run-<status>`) with its message, the thrown error's stack frames and causes, and the tail
 *   of the child's stderr.
 *
 * Values are formatted like every report's, counters from the document's `counterDefinitions`.
 * Every string is XML-escaped, and characters XML 1.0 cannot carry are dropped.
 */
import { isGatingFailure, isWarning } from '../budgets/gate-outcome.js';
import type { CounterDefinitions, ResultsDocument, RunResult, Verdict } from '../results/results-document.js';
import { errorDetailLines } from './error-details.js';
import { formatDuration, formatMetricValue } from './format-units.js';
import { describeVerdict } from './verdict-order.js';

/** Options of {@link renderJunitXml}. */
export interface JunitOptions {
  /** The `<testsuites name>`. @default 'heapgate' */
  readonly name?: string;
}

/** Renders the JUnit XML document (UTF-8, with declaration). */
export function renderJunitXml(doc: ResultsDocument, options: JunitOptions = {}): string {
  const scenarios = uniqueInOrder([
    ...doc.verdicts.map((v) => v.scenario),
    ...doc.runs.filter((r) => r.status !== 'ok').map((r) => r.scenario),
  ]);
  let total = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const scenario of scenarios) {
    const verdicts = doc.verdicts.filter((v) => v.scenario === scenario);
    const badRuns = doc.runs.filter((r) => r.scenario === scenario && r.status !== 'ok');
    const cases = [...verdicts.map((v) => verdictCase(v, doc.counterDefinitions)), ...badRuns.map(runCase)];
    const f = verdicts.filter((v) => isGatingFailure(v)).length;
    const s = verdicts.filter((v) => !v.pass && !isGatingFailure(v)).length;
    total += cases.length;
    failures += f;
    errors += badRuns.length;
    skipped += s;
    suites.push(
      `  <testsuite name="${xml(scenario)}" tests="${cases.length}" failures="${f}" errors="${badRuns.length}" skipped="${s}" timestamp="${xml(doc.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(options.name ?? 'heapgate')}" tests="${total}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function verdictCase(v: Verdict, counterDefinitions: CounterDefinitions | undefined): string {
  const name = `${v.variant} @ ${v.records} records: ${v.metric} ${v.comparator} ${formatMetricValue(v.metric, v.limit, counterDefinitions?.[v.scenario])} [${v.kind}]`;
  const open = `    <testcase classname="${xml(`heapgate.${v.scenario}.${v.variant}`)}" name="${xml(name)}" time="0"`;
  if (v.pass) return `${open}/>`;
  const message = describeVerdict(v, counterDefinitions);
  if (isGatingFailure(v)) {
    return `${open}>\n      <failure message="${xml(message)}" type="${xml(`${v.kind}-exceeded`)}">${xmlText(message)}</failure>\n    </testcase>`;
  }
  const why = isWarning(v) ? 'wall time regressed (a warning, not gated; CPU time is judged)' : 'documented target not met (not gated)';
  return `${open}>\n      <skipped message="${xml(`${why}: ${message}`)}"/>\n    </testcase>`;
}

function runCase(r: RunResult): string {
  const name = `${r.variant} @ ${r.records} records: run ${r.repeat} ${r.status}`;
  const message = `${r.scenario} / ${r.variant} / ${r.records} records, repeat ${r.repeat}: ${r.status}${r.error ? `: ${r.error.message}` : ''}`;
  const detail = [
    message,
    r.error?.code ? `code: ${r.error.code}` : '',
    r.error?.exitCode != null ? `exit code: ${r.error.exitCode}` : '',
    r.error?.signal ? `signal: ${r.error.signal}` : '',
    r.error?.timeoutMs !== undefined ? `timeout: ${formatDuration(r.error.timeoutMs)}` : '',
    errorDetailLines(r.error).join('\n'),
    r.error?.stderrTail ? `stderr (tail):\n${r.error.stderrTail}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return `    <testcase classname="${xml(`heapgate.${r.scenario}.${r.variant}`)}" name="${xml(name)}" time="0">\n      <error message="${xml(message)}" type="${xml(`run-${r.status}`)}">${xmlText(detail)}</error>\n    </testcase>`;
}

/**
 * Escapes text for XML content and attribute values, and drops characters XML 1.0 forbids
 * (control characters other than tab, newline and carriage return; lone surrogates).
 */
export function xml(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Like {@link xml} for element content: line breaks stay as they are. */
export function xmlText(text: string): string {
  return String(text)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function uniqueInOrder(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
