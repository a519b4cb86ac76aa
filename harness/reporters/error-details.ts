/**
 * The lines that explain a thrown error under a run that did not finish, shared by the console
 * table and the reports: its stack frames, then each link of its `cause` chain
 * (`caused by RangeError: … [CODE]`) with its own frames, indented.
 */
import type { RunError } from '../results/results-document.js';

/** Options of {@link errorDetailLines}. */
export interface ErrorDetailOptions {
  /** Frames shown of the error itself. @default all */
  readonly frames?: number;
  /** Frames shown of each cause. @default all */
  readonly causeFrames?: number;
}

/** The detail lines of `error` (none when it has no stack and no cause). */
export function errorDetailLines(error: RunError | undefined, options: ErrorDetailOptions = {}): string[] {
  const frames = (stack: string | undefined, n: number | undefined) =>
    (stack ?? '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, n);
  const lines = frames(error?.stack, options.frames);
  for (let cause = error?.cause; cause !== undefined; cause = cause.cause) {
    lines.push(`caused by ${cause.name ? `${cause.name}: ` : ''}${cause.message}${cause.code ? ` [${cause.code}]` : ''}`);
    lines.push(...frames(cause.stack, options.causeFrames).map((l) => `  ${l}`));
  }
  return lines;
}
