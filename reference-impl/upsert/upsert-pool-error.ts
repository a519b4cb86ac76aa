/**
 * Errors of the batched upsert pool and its tee-time client. One class, a stable `code` per
 * failure, so callers (and tests) match on the code, never on the message.
 */

/** Stable codes of {@link UpsertPoolError}. Never renamed once released. */
export type UpsertPoolErrorCode =
  /** The API answered an error that retrying cannot fix (4xx other than 429), or a body that is not tee times. */
  | 'HEAPGATE_UPSERT_FETCH_REJECTED'
  /** The API kept failing (5xx, 429, connection errors) through every attempt. */
  | 'HEAPGATE_UPSERT_FETCH_FAILED'
  /** A batch failed every upsert attempt; `taskIds` names its tasks. */
  | 'HEAPGATE_UPSERT_BATCH_FAILED'
  /** The run finished with tasks that were not written; `taskIds` names them. */
  | 'HEAPGATE_UPSERT_INCOMPLETE';

/** Thrown (or rejected with) by the upsert pool and its parts. */
export class UpsertPoolError extends Error {
  /** Stable code for scripts and tests. */
  readonly code: UpsertPoolErrorCode;
  /** Ids of the tasks the failure is about (`<courseId>:<date>` for tee times); empty when none. */
  readonly taskIds: readonly string[];
  /** HTTP status of the last answer, for fetch failures that got one. */
  readonly status: number | undefined;

  constructor(code: UpsertPoolErrorCode, message: string, options?: { taskIds?: readonly string[]; status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpsertPoolError';
    this.code = code;
    this.taskIds = Object.freeze([...(options?.taskIds ?? [])]);
    this.status = options?.status;
  }
}
