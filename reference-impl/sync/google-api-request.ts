/**
 * One GET of a Google REST API with the retries Google asks clients to make
 * (https://developers.google.com/people/v1/troubleshoot-load-errors, https://developers.google.com/calendar/api/guides/errors):
 * 429 waits for `Retry-After` (seconds or an HTTP date; exponential backoff when absent),
 * 5xx and broken connections (refused, reset, a body cut off mid-page) back off exponentially,
 * every other error is thrown at once with Google's reason.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { GoogleApiError } from './google-api-error.js';

/** Why a request is retried. */
export type RetryReason = 'rate-limit' | 'server-error' | 'network';

/** Retry policy and hooks of {@link requestGoogleJson}. All optional. */
export interface GoogleRetryOptions {
  /** Requests per call, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff after a 5xx or a broken connection, in ms; doubles per attempt. @default 250 */
  readonly baseBackoffMs?: number;
  /** Longest wait honoured from `Retry-After` (or reached by backoff), in ms. @default 60000 */
  readonly maxDelayMs?: number;
  /** Waits `ms` milliseconds (tests pass a recording one). @default timers/promises setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of every retry before its wait. */
  readonly onRetry?: (retry: {
    readonly attempt: number;
    readonly reason: RetryReason;
    readonly delayMs: number;
    readonly status?: number;
  }) => void;
}

/** What {@link requestGoogleJson} needs besides the URL. */
export interface GoogleRequestOptions extends GoogleRetryOptions {
  /** OAuth access token (sent as `Authorization: Bearer …`; never logged). */
  readonly accessToken: string;
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Google's error reason: the `ErrorInfo` detail (v1 APIs), `errors[0].reason` (v3 APIs) or the canonical `status`. */
function reasonOf(body: unknown): { reason?: string; message?: string } {
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== 'object') return {};
  const details = Array.isArray(e.details) ? (e.details as { reason?: unknown }[]) : [];
  const errors = Array.isArray(e.errors) ? (e.errors as { reason?: unknown }[]) : [];
  const reason = [details.find((d) => typeof d?.reason === 'string')?.reason, errors[0]?.reason, e.status].find(
    (r) => typeof r === 'string',
  );
  return { reason: reason as string | undefined, message: typeof e.message === 'string' ? e.message : undefined };
}

async function readErrorBody(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/**
 * GETs `url` and returns its JSON body, retrying as described above. Throws
 * {@link GoogleApiError}: `HEAPGATE_SYNC_API_ERROR` (with `status` and `reason`) for an error
 * answer, `HEAPGATE_SYNC_API_UNAVAILABLE` when no attempt got an answer through.
 */
export async function requestGoogleJson(url: string, options: GoogleRequestOptions): Promise<unknown> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('maxAttempts must be an integer ≥ 1');
  const baseBackoffMs = options.baseBackoffMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const headers = { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' };
  for (let attempt = 1; ; attempt++) {
    const backoffMs = Math.min(maxDelayMs, baseBackoffMs * 2 ** (attempt - 1));
    let retry: { reason: RetryReason; delayMs: number; status?: number; error: GoogleApiError };
    let res: Response | undefined;
    try {
      res = await fetch(url, { headers });
      // The body is read inside the try: a connection reset mid-page fails here, not at fetch().
      if (res.ok) return await res.json();
    } catch (cause) {
      if (res?.ok && cause instanceof SyntaxError) {
        throw new GoogleApiError('HEAPGATE_SYNC_BAD_RESPONSE', 'the API answered 200 with a body that is not JSON', {
          status: res.status,
          attempts: attempt,
          cause,
        });
      }
      const error = new GoogleApiError(
        'HEAPGATE_SYNC_API_UNAVAILABLE',
        `the API could not be reached or its answer broke off (${String((cause as Error)?.message ?? cause)})`,
        {
          attempts: attempt,
          cause,
        },
      );
      retry = { reason: 'network', delayMs: backoffMs, error };
      if (attempt >= maxAttempts) throw error;
      options.onRetry?.({ attempt, reason: retry.reason, delayMs: retry.delayMs });
      await sleep(retry.delayMs);
      continue;
    }
    const { reason, message } = reasonOf(await readErrorBody(res));
    const error = new GoogleApiError(
      'HEAPGATE_SYNC_API_ERROR',
      `the API answered ${res.status}${reason ? ` ${reason}` : ''}: ${message ?? res.statusText}`,
      {
        status: res.status,
        reason,
        attempts: attempt,
      },
    );
    if (res.status === 429) {
      const afterMs = parseRetryAfterMs(res.headers.get('retry-after'));
      retry = { reason: 'rate-limit', delayMs: Math.min(maxDelayMs, afterMs ?? backoffMs), status: 429, error };
    } else if (res.status >= 500) {
      retry = { reason: 'server-error', delayMs: backoffMs, status: res.status, error };
    } else {
      throw error;
    }
    if (attempt >= maxAttempts) throw retry.error;
    options.onRetry?.({ attempt, reason: retry.reason, delayMs: retry.delayMs, status: retry.status });
    await sleep(retry.delayMs);
  }
}
