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
