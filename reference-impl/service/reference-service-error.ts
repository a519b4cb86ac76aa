/**
 * The one error the reference service's routes throw for an answer that is not a 200: it
 * carries the HTTP status and a stable code, and the error handler turns it into the JSON error
 * body ({@link ErrorBody}). Anything else a route throws is a 500 whose details stay in the log.
 */

/** Stable codes of the service's error bodies. Never renamed once released. */
export type ReferenceServiceErrorCode =
  /** 400: a parameter failed validation (the message names it). */
  | 'HEAPGATE_SERVICE_INVALID_REQUEST'
  /** 404: no such route, or nothing stored under the key asked for. */
  | 'HEAPGATE_SERVICE_NOT_FOUND'
  /** 503 with `Retry-After`: the memory circuit breaker refused the work (seed 001 §1). */
  | 'HEAPGATE_MEMORY_CIRCUIT_OPEN'
  /** 503: the CCT lookup API needed for an on-demand lookup is not reachable or not configured. */
  | 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE'
  /** 502: the CCT lookup API answered, but not with a usable result. */
  | 'HEAPGATE_CCTS_LOOKUP_FAILED'
  /** 503: the service is shutting down, or a part of it was closed. */
  | 'HEAPGATE_SERVICE_UNAVAILABLE'
  /** 500: anything unexpected; the message says no more than that. */
  | 'HEAPGATE_SERVICE_INTERNAL';

/** Every error answer's body: the same four fields, whatever went wrong. */
export interface ErrorBody {
  /** The HTTP status, repeated for clients that only see the body. */
  readonly statusCode: number;
  /** The status's reason phrase, e.g. `Bad Request`. */
  readonly error: string;
  readonly code: ReferenceServiceErrorCode;
  /** For humans; never carries credentials or SQL. */
  readonly message: string;
}

/** Options of {@link ReferenceServiceError}. */
export interface ReferenceServiceErrorOptions {
  /** Sent as `Retry-After`, in whole seconds (≥ 1). @default no header */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** An answer other than 200, with its status and stable code. */
export class ReferenceServiceError extends Error {
  /** HTTP status, 400–599. */
  readonly statusCode: number;
  readonly code: ReferenceServiceErrorCode;
  /** `Retry-After` in seconds, when the client should come back later. */
  readonly retryAfterSeconds: number | undefined;

  constructor(statusCode: number, code: ReferenceServiceErrorCode, message: string, options: ReferenceServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
      throw new TypeError(`statusCode must be an HTTP error status (400–599), got ${String(statusCode)}`);
    }
    const retry = options.retryAfterSeconds;
    if (retry !== undefined && (!Number.isInteger(retry) || retry < 1)) {
      throw new TypeError(`retryAfterSeconds must be a whole number of seconds ≥ 1, got ${String(retry)}`);
    }
    this.name = 'ReferenceServiceError';
    this.statusCode = statusCode;
    this.code = code;
    this.retryAfterSeconds = retry;
  }
}
