/**
 * `heapgate merge <results.json>… [--out DIR] [--json]`: combines the results of the shards of
 * one plan (`run` or `gate` with `--shard i/n`) into one `results.json` and its HTML report.
 * Judge a merged gate document with `heapgate gate --results <merged results.json>`.
 */
import type { MergeOptions } from '../cli/cli-options.js';
import { mergeShards } from '../results/merge-shards.js';
import { readResultsDocument } from '../results/read-results-document.js';
import { defaultOutDir, writeResults } from '../results/write-results.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';
import type { CommandIo } from './command-io.js';

/**
 * Reads every file, merges them and writes `results.json` and `index.html` into `--out`
 * (default `reports/<timestamp>-merged`). Prints the paths (on stderr with `--json`, which puts
 * the merged document on stdout).
 *
 * @returns 0 once written.
 * @throws UsageError (exit 2) when a file is missing or malformed, or the files are not the
 *   complete set of shards of one plan (see `mergeShards`).
 */
export async function mergeCommand(options: MergeOptions, io: CommandIo): Promise<number> {
  const shards = [];
  for (const file of options.files) shards.push({ file, doc: await readResultsDocument(file) });
  const { doc, notes } = mergeShards(shards);
  const outDir = options.out ?? defaultOutDir(['merged']);
  const file = writeResults(doc, outDir);
  const html = await writeHtmlReport(doc, outDir);
  const lines = [
    ...notes.map((n) => `note: ${n}`),
    `merged ${shards.length} shards of plan ${doc.plan?.fingerprint}: ${doc.runs.length} runs, ${doc.verdicts.length} verdicts`,
    `results: ${file}`,
    `report:  ${html}`,
  ];
  (options.json ? io.stderr : io.stdout).write(`${lines.join('\n')}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return 0;
}
