/**
 * Keeps service secrets out of everything heapgate writes. Scenario code sees its services'
 * credentials (it must, to connect), and an error it throws may quote them — a connection
 * string in a driver message, or deliberately. Whatever a run reports (error message, stack,
 * stderr tail, --verbose output, seeder logs) passes through a redactor built from the
 * endpoints of the invocation before it reaches the console, results.json, HTML, JUnit or
 * Markdown.
 */
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
