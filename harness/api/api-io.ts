import type { CommandIo, TextSink } from '../commands/command-io.js';

/** Where the programmatic API sends what the CLI prints: progress lines to `onLog`, or nowhere. */
export function apiIo(onLog: ((line: string) => void) | undefined): CommandIo {
  let pending = '';
  const sink: TextSink = {
    write(chunk: string) {
      if (!onLog) return true;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLog(line);
      return true;
    },
  };
  return { stdout: sink, stderr: sink };
}

/** The options a caller set (undefined counts as not set): the rest may come from the project's config. */
export function givenNames(given: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  return new Set(Object.entries(given).flatMap(([name, value]) => (value === undefined ? [] : [name])));
}
