/** Where a command writes: stdout for results, stderr for humans. Injected so tests can capture. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}
