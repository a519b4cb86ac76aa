import type { ResultsDocument } from '../results/results-document.js';

/** Something text is written to: a Node stream, or a test's collector. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Where a command writes: stdout for results, stderr for humans (progress, tables under
 * `--json`). Injected so tests can capture; `isTTY` picks the progress bar over plain lines.
 */
export interface CommandIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink & { readonly isTTY?: boolean };
}

/** What `run` and `gate` computed, before printing: the document, the exit code and the lines for humans. */
export interface CommandOutcome {
  readonly doc: ResultsDocument;
  /** 0 pass, 1 a run or check failed. */
  readonly code: number;
  /** The table, failures and written paths, printed on stdout (stderr with `--json`). */
  readonly lines: readonly string[];
}

/** Prints an outcome as the CLI does: lines for humans, and with `json` the document alone on stdout. */
export function printOutcome(outcome: CommandOutcome, json: boolean, io: CommandIo): number {
  (json ? io.stderr : io.stdout).write(`${outcome.lines.join('\n')}\n`);
  if (json) io.stdout.write(`${JSON.stringify(outcome.doc, null, 2)}\n`);
  return outcome.code;
}
