/**
 * What a scenario hook threw, turned into the `error` of a run: the error's class, message,
 * code, stack frames and `cause` chain, whatever was thrown (an Error, an error-like object from
 * another realm, a string). Used by the measured child for `setup`/`run`/`teardown` and module
 * loading, and by the runner for seeders and fixtures.
 */
import util from 'node:util';
import type { RunError, ThrownError } from '../results/results-document.js';
import { formatLocation, syntaxErrorLocation } from '../scenario/error-location.js';

/** Stack lines kept per error: V8 captures 10 frames unless `Error.stackTraceLimit` says more. */
const MAX_STACK_LINES = 50;
/** Links of a `cause` chain kept: enough for wrapped driver errors, bounded against cycles. */
const MAX_CAUSES = 5;
/** Characters of a non-Error value shown. */
const MAX_VALUE_CHARS = 300;

/** Options of {@link toRunError}. */
export interface ToRunErrorOptions {
  /**
   * The scenario module, from which a parse check starts when the error is a SyntaxError of a
   * module that did not parse (see `syntaxErrorLocation`). @default no parse check
   */
  readonly moduleFile?: string;
}

/**
 * Describes a thrown value. A SyntaxError of a module that did not parse gets `at
 * file:line:column` appended to its message; an empty AggregateError (Node's `connect
 * ECONNREFUSED` over IPv4 and IPv6) gets its errors' messages.
 */
export function toRunError(thrown: unknown, options: ToRunErrorOptions = {}): RunError {
  const top = describe(thrown, true);
  const where = syntaxErrorLocation(thrown, options.moduleFile);
  const message = where && !top.message.includes(formatLocation(where)) ? `${top.message} at ${formatLocation(where)}` : top.message;
  return { ...top, message };
}

/** `<phase>: <class>: <message>`, the message a failed run shows (`run: TypeError: …`). */
export function phaseMessage(phase: string, error: RunError): string {
  return `${phase}: ${error.name ? `${error.name}: ` : ''}${error.message}`;
}

function describe(thrown: unknown, top: boolean, depth = 0, seen = new Set<unknown>()): ThrownError {
  if (!isErrorLike(thrown)) return { message: nonError(thrown, top) };
  seen.add(thrown);
  const e = thrown as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
  const name = typeof e.name === 'string' && e.name !== '' ? e.name : undefined;
  let message = typeof e.message === 'string' ? e.message : String(e.message ?? '');
  if (message === '' && Array.isArray(e.errors) && e.errors.length > 0) {
    message = e.errors.map((x) => describe(x, false, MAX_CAUSES, seen).message).join('; ');
  }
  // heapgate's own errors (a scenario module that does not load) say all in their message;
  // their frames are the harness's, not the scenario's. Their cause keeps its stack.
  const ours = typeof e.code === 'string' && e.code.startsWith('HEAPGATE_');
  const stack = typeof e.stack === 'string' && !ours ? framesOf(e.stack, name ?? 'Error') : undefined;
  const hasCause = 'cause' in e && e.cause !== undefined && depth < MAX_CAUSES && !seen.has(e.cause);
  return {
    ...(name !== undefined ? { name } : {}),
    message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(stack ? { stack } : {}),
    ...(hasCause ? { cause: describe(e.cause, false, depth + 1, seen) } : {}),
  };
}

/** An Error of any realm, or an object that quacks like one (a string `message`). */
function isErrorLike(x: unknown): boolean {
  return (
    util.types.isNativeError(x) ||
    x instanceof Error ||
    (typeof x === 'object' && x !== null && typeof (x as { message?: unknown }).message === 'string')
  );
}

/**
 * `threw a string, not an Error: "x"` (a cause: `a string, not an Error: "x"`): said plainly,
 * since such a throw has no class and no stack to show.
 */
function nonError(value: unknown, top: boolean): string {
  const kind = value === null ? 'null' : value === undefined ? 'undefined' : `a${/^[aeiou]/.test(typeof value) ? 'n' : ''} ${typeof value}`;
  const shown =
    value === null || value === undefined
      ? ''
      : `: ${typeof value === 'string' ? JSON.stringify(value) : util.inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY })}`;
  const text = `${top ? 'threw ' : ''}${kind}, not an Error${shown}`;
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * The frames of a V8 stack, `at …` one per line: what precedes them repeats the class and
 * message (or, for a CommonJS SyntaxError, Node's source excerpt, already turned into a place).
 * A stack without frames is dropped when it is only that header, else kept as set by hand.
 */
function framesOf(stack: string, name: string): string | undefined {
  const lines = stack.split('\n');
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first === -1 && stack.startsWith(name)) return undefined;
  const kept = first === -1 ? lines : lines.slice(first).map((l) => l.trim());
  const text = kept.slice(0, MAX_STACK_LINES).join('\n').trim();
  return text === '' ? undefined : text;
}
