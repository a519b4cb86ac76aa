/**
 * Errors of the Google API clients and the sync flows. One class, a stable `code` per failure,
 * so callers (and tests) match on the code, never on the message.
 */

/** Stable codes of {@link GoogleApiError}. Never renamed once released. */
export type GoogleApiErrorCode =
  /**
   * The sync token is no longer accepted: People answers 400 `EXPIRED_SYNC_TOKEN`, Calendar
   * 410 Gone. The flows catch it and sync fully.
   */
  | 'HEAPGATE_SYNC_TOKEN_EXPIRED'
  /** The API answered with an error that retrying does not fix (4xx), or kept failing (429/5xx) past the attempts. */
  | 'HEAPGATE_SYNC_API_ERROR'
  /** The API could not be reached or its answer was cut off, on every attempt. */
  | 'HEAPGATE_SYNC_API_UNAVAILABLE'
  /** The API answered 200 with a body that is not the documented shape. */
  | 'HEAPGATE_SYNC_BAD_RESPONSE';

/** Thrown by the API clients and the sync flows. */
export class GoogleApiError extends Error {
  readonly code: GoogleApiErrorCode;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  /** Google's machine-readable reason (`EXPIRED_SYNC_TOKEN`, `fullSyncRequired`, `RESOURCE_EXHAUSTED`…), when the body named one. */
  readonly reason: string | undefined;
  /** Requests made for this call, retries included. */
  readonly attempts: number;

  constructor(code: GoogleApiErrorCode, message: string, options: { status?: number; reason?: string; attempts: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GoogleApiError';
    this.code = code;
    this.status = options.status;
    this.reason = options.reason;
    this.attempts = options.attempts;
  }
}
