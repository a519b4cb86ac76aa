/**
 * Where a thrown error points, as `file:line:column`: for an error thrown by code, its first
 * stack frame in a file; for a module that does not parse, the offending place.
 *
 * Node 20 leaves the place out of an ES module's SyntaxError: `err.message` is only the
 * complaint (`Unexpected token ';'`) and `err.stack` holds only loader frames, even when the
 * broken file is a helper the scenario imports. Node keeps the place in a private field that
 * it prints only when the error kills the process (`file:///…:5`, the source line, a caret
 * under the column). CommonJS SyntaxErrors, and ES link errors (`does not provide an export
 * named …`), do carry that header at the top of `err.stack`, and it is read from there.
 *
 * For the rest, a short child (`syntax-check-entry.ts`) parses the scenario module and the
 * relative modules it imports, statically or through `import('./literal')`, without linking or
 * running any of them, and lets the first SyntaxError go uncaught so that Node prints the place;
 * this module reads it from the child's stderr. `node --check` would print the same header, but
 * only for the one file it is given, not for a broken helper.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A place in a source file: 1-based line and column. */
export interface SourceLocation {
  /** Absolute path of the file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const CHECK_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'syntax-check-entry.js');
/** The check parses, never runs: seconds are plenty, and a stuck check must not stall a run. */
const CHECK_TIMEOUT_MS = 15_000;
/**
 * Node's header of a located SyntaxError: `<file or file: URL>:<line>`, the source line, then
 * the caret line, whose indent mirrors the source line's characters (tabs stay tabs), so its
 * length is the column.
 */
const HEADER = /^(?<where>(?:file:\/\/|\/|[A-Za-z]:[\\/])[^\n]*?):(?<line>\d+)\r?\n[^\n]*\r?\n(?<indent>[ \t]*)\^/;

/** `file:line:column`, the form editors and terminals open. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** The place Node's header at the start of `text` (a stack, or a dying process's stderr) names. */
export function locationInHeader(text: string): SourceLocation | undefined {
  const m = HEADER.exec(text.trimStart());
  if (!m?.groups) return undefined;
  const where = m.groups.where!;
  let file = where;
  try {
    if (where.startsWith('file:')) file = fileURLToPath(where);
  } catch {
    return undefined;
  }
  return { file, line: Number(m.groups.line), column: m.groups.indent!.length + 1 };
}

/**
 * Parse-checks `moduleFile` and the relative modules it imports in a child process; the place
 * of the first SyntaxError found, or undefined when they all parse (or the check could not run).
 */
export function findSyntaxError(moduleFile: string): SourceLocation | undefined {
  // Absent when running from the TypeScript sources (a unit test): then nothing is located.
  if (!fs.existsSync(CHECK_ENTRY)) return undefined;
  const res = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', CHECK_ENTRY, moduleFile], {
    encoding: 'utf8',
    timeout: CHECK_TIMEOUT_MS,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return res.status === 0 || typeof res.stderr !== 'string' ? undefined : locationInHeader(res.stderr);
}

/** The first frame of `stack` in a file: `at fn (file:///x.mjs:3:5)` → `/x.mjs`, 3, 5. */
export function firstFrameInFile(stack: string): SourceLocation | undefined {
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:.*?\()?((?:file:\/\/|\/|[A-Za-z]:[\\/])[^()]*?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    try {
      return { file: m[1]!.startsWith('file:') ? fileURLToPath(m[1]!) : m[1]!, line: Number(m[2]), column: Number(m[3]) };
    } catch {
      // not a path after all
    }
  }
  return undefined;
}

/**
 * Where `err` points: a SyntaxError's place (see {@link syntaxErrorLocation}), else the first
 * stack frame in a file; undefined for a non-Error or an error raised inside Node alone.
 */
export function errorLocation(err: unknown, moduleFile?: string): SourceLocation | undefined {
  const stack = (err as { stack?: unknown } | null)?.stack;
  return syntaxErrorLocation(err, moduleFile) ?? (typeof stack === 'string' ? firstFrameInFile(stack) : undefined);
}

/**
 * Where a thrown SyntaxError points: Node's header in its stack when there is one; otherwise,
 * when every frame is Node's own (a module that did not parse, not a `JSON.parse` in scenario
 * code), what a parse check of `moduleFile` finds. Undefined for anything else.
 *
 * @param moduleFile The scenario module being loaded or run, from which the check starts.
 */
export function syntaxErrorLocation(err: unknown, moduleFile?: string): SourceLocation | undefined {
  const e = err as { name?: unknown; stack?: unknown } | null;
  if (e?.name !== 'SyntaxError') return undefined;
  const stack = typeof e.stack === 'string' ? e.stack : '';
  const inHeader = locationInHeader(stack);
  if (inHeader) return inHeader;
  // A frame in a file (`file:///…`, `/…`, `C:\…`) means code threw it at run time.
  const inAFile = stack.split('\n').some((l) => /^\s+at (?:.*\()?(?:file:\/\/|\/|[A-Za-z]:[\\/])/.test(l));
  return !inAFile && moduleFile !== undefined ? findSyntaxError(moduleFile) : undefined;
}
