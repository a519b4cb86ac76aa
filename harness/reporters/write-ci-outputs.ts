/**
 * Writes the reports of a run beside its `results.json`: the CI trio (JUnit XML, Markdown
 * summary, Bencher Metric Format) and the HTML report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BaselineComparison } from '../baseline/compare-to-baseline.js';
import type { ResultsDocument } from '../results/results-document.js';
import { renderBmf } from './bmf.js';
import { renderHtmlReport, type HtmlReportOptions } from './html/render-html-report.js';
import { renderJunitXml } from './junit.js';
import { appendGithubStepSummary, renderMarkdownSummary, type MarkdownOptions } from './markdown.js';

/** Paths {@link writeCiOutputs} wrote. */
export interface CiOutputPaths {
  readonly junitPath: string;
  readonly markdownPath: string;
  readonly bmfPath: string;
  /** `$GITHUB_STEP_SUMMARY`, when it was set and appended to. */
  readonly githubStepSummaryPath?: string;
}

/** Options of {@link writeCiOutputs}. */
export interface CiOutputOptions {
  /** The suite gated, shown in the Markdown heading. */
  readonly suite?: string;
  /** The baseline comparison, for "new" and "improved" lines in the Markdown. */
  readonly baseline?: BaselineComparison;
  /** Markdown heading. @default 'heapgate' */
  readonly title?: MarkdownOptions['title'];
}

/**
 * Writes `junit.xml`, `summary.md` and `bmf.json` into `outDir` (created if needed) and appends
 * the Markdown to `$GITHUB_STEP_SUMMARY` when `env` sets it.
 *
 * @param env The environment to read `GITHUB_STEP_SUMMARY` from. @default process.env
 */
export async function writeCiOutputs(
  doc: ResultsDocument,
  outDir: string,
  env: NodeJS.ProcessEnv = process.env,
  options: CiOutputOptions = {},
): Promise<CiOutputPaths> {
  await mkdir(outDir, { recursive: true });
  const junitPath = path.join(outDir, 'junit.xml');
  const markdownPath = path.join(outDir, 'summary.md');
  const bmfPath = path.join(outDir, 'bmf.json');
  const markdown = renderMarkdownSummary(doc, { suite: options.suite, baseline: options.baseline, title: options.title });
  await Promise.all([
    writeFile(junitPath, renderJunitXml(doc), 'utf8'),
    writeFile(markdownPath, markdown, 'utf8'),
    writeFile(bmfPath, `${JSON.stringify(renderBmf(doc), null, 2)}\n`, 'utf8'),
  ]);
  const githubStepSummaryPath = await appendGithubStepSummary(markdown, env);
  return { junitPath, markdownPath, bmfPath, ...(githubStepSummaryPath ? { githubStepSummaryPath } : {}) };
}

/**
 * Writes the HTML report to `<outDir>/index.html` (directory created if needed); with `base`,
 * in base-vs-head mode. Returns the path.
 */
export async function writeHtmlReport(
  doc: ResultsDocument,
  outDir: string,
  base?: ResultsDocument,
  options: Omit<HtmlReportOptions, 'base'> = {},
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'index.html');
  await writeFile(file, renderHtmlReport(doc, { reportDir: outDir, ...options, ...(base ? { base } : {}) }), 'utf8');
  return file;
}
