/**
 * `heapgate report <results.json> [<base results.json>] [--out DIR] [--title TEXT]`: re-renders
 * the HTML report of a saved run; with a second file, base vs head side by side.
 */
import path from 'node:path';
import type { ReportOptions } from '../cli/cli-options.js';
import { readResultsDocument } from '../results/read-results-document.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';
import type { CommandIo } from './command-io.js';

/**
 * Runs the command with its resolved options and prints the written path on stdout. The HTML
 * goes to `<out>/index.html`; `out` defaults to the head results file's directory.
 *
 * @returns 0 once written.
 * @throws UsageError (the CLI exits 2 with the usage line) when a results file is missing or
 *   not a schema-1 results document; other errors (a failed write) propagate.
 */
export async function reportCommand(options: ReportOptions, io: CommandIo): Promise<number> {
  const head = await readResultsDocument(options.head);
  const base = options.base === undefined ? undefined : await readResultsDocument(options.base);
  const outDir = options.out ?? path.dirname(options.head);
  const written = await writeHtmlReport(head, outDir, base, options.title !== undefined ? { title: options.title } : {});
  io.stdout.write(`${written}\n`);
  return 0;
}
