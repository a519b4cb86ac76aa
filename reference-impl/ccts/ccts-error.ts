/**
 * Errors of the CCT manager. One class, a stable `code` per failure, so callers (and tests)
 * match on the code, never on the message.
 */

/** Stable codes of {@link CCTsError}. Never renamed once released. */
export type CCTsErrorCode =
  /** The clave is not 2 digits, 3 letters, 4 digits, 1 letter (e.g. `09DPR1234X`). */
  | 'HEAPGATE_CCTS_INVALID_CLAVE'
  /** The lookup API could not be reached (connection refused, reset, timed out) or none is configured. */
  | 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE'
  /** The lookup API answered, but not with a usable result (HTTP error, unexpected body). */
  | 'HEAPGATE_CCTS_LOOKUP_FAILED'
  /** The CCT export does not exist (no such file, bucket or key). */
  | 'HEAPGATE_CCTS_SOURCE_MISSING'
  /** The CCT export exists but could not be read (network, permissions, broken stream). */
  | 'HEAPGATE_CCTS_SOURCE_UNAVAILABLE'
  /** The CCT export has no header naming an `id` and a `clave` column. */
  | 'HEAPGATE_CCTS_BAD_HEADER'
  /** Loading stopped because the export holds more records than the memory limit allows. */
  | 'HEAPGATE_CCTS_MEMORY_LIMIT'
  /** The manager was closed. */
  | 'HEAPGATE_CCTS_CLOSED';

/** Thrown (or rejected with) by the CCT manager and its parts. */
export class CCTsError extends Error {
  /** Stable code for scripts and tests. */
  readonly code: CCTsErrorCode;
  /** The clave the failing operation was about, when there is one. */
  readonly clave: string | undefined;

  constructor(code: CCTsErrorCode, message: string, options?: { clave?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CCTsError';
    this.code = code;
    this.clave = options?.clave;
  }
}
