/**
 * Keeps service secrets out of everything heapgate writes. Scenario code sees its services'
 * credentials (it must, to connect), and an error it throws may quote them — a connection
 * string in a driver message, or deliberately. Whatever a run reports (error message, stack,
 * stderr tail, --verbose output, seeder logs) passes through a redactor built from the
 * endpoints of the invocation before it reaches the console, results.json, HTML, JUnit or
 * Markdown.
 */
import type { RunResult, ThrownError } from '../results/results-document.js';
import type { ServiceEndpoints } from '../scenario/types.js';

/** Replaces every secret with this. */
export const REDACTED = '***';
/** Shorter strings are not treated as secrets: redacting "a" everywhere would garble reports. */
const MIN_SECRET_LENGTH = 6;

/** The passwords (decoded and as written in the URL) and keys in `endpoints`. */
export function secretsOf(endpoints: ServiceEndpoints): string[] {
  const out: string[] = [];
  const fromUrl = (url: string | undefined) => {
    if (url === undefined) return;
    try {
      const u = new URL(url);
      if (u.password) out.push(u.password, decodeURIComponent(u.password));
      for (const key of ['password', 'pass', 'secret']) {
        const v = u.searchParams.get(key);
        if (v) out.push(v, encodeURIComponent(v));
      }
    } catch {
      // not a URL: nothing to take apart
    }
  };
  fromUrl(endpoints.postgres?.connectionString);
  fromUrl(endpoints.redis?.url);
  if (endpoints.s3?.secretAccessKey) out.push(endpoints.s3.secretAccessKey, encodeURIComponent(endpoints.s3.secretAccessKey));
  return [...new Set(out.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** A function replacing every occurrence of any of `secrets` with {@link REDACTED}. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  // Longest first, so a secret containing another is replaced whole.
  const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `result` with its error passed through {@link redactError}. */
export function redactRun(result: RunResult, redact: (text: string) => string): RunResult {
  const e = result.error;
  if (e === undefined) return result;
  return { ...result, error: redactError(e, redact) };
}

/**
 * `error` with every text in it passed through `redact`: message, class name, code, stack,
 * stderr tail, and the same in each link of its `cause` chain.
 */
export function redactError<E extends ThrownError & { readonly stderrTail?: string }>(error: E, redact: (text: string) => string): E {
  const out: Record<string, unknown> = { ...(error as object), message: redact(error.message) };
  for (const k of ['name', 'code', 'stack', 'stderrTail'] as const) {
    if (typeof error[k] === 'string') out[k] = redact(error[k]);
  }
  if (error.cause !== undefined) out.cause = redactError(error.cause, redact);
  return out as E;
}

/**
 * Forwards child output whole lines at a time, redacted: a secret split across two chunks
 * would slip past a per-chunk replacement. `flush` sends what is left when a child ends.
 */
export function lineRedactor(
  redact: (text: string) => string,
  sink: (text: string) => void,
): { write: (text: string) => void; flush: () => void } {
  let pending = '';
  return {
    write: (text) => {
      pending += text;
      const end = pending.lastIndexOf('\n');
      if (end === -1) return;
      sink(redact(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    flush: () => {
      if (pending) sink(redact(pending));
      pending = '';
    },
  };
}
