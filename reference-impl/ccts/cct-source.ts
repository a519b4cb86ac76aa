import type { Readable } from 'node:stream';

/**
 * Where a CCT export (CSV) comes from: a local file in development, an S3 object in production
 * (seed 000 §Data Source Flexibility).
 */
export interface CCTSource {
  /** For logs: `file:/path` or `s3://bucket/key` (never credentials). */
  readonly description: string;
  /**
   * Opens the export as a byte stream. Rejects with a {@link CCTsError} coded
   * `HEAPGATE_CCTS_SOURCE_MISSING` when it does not exist, `HEAPGATE_CCTS_SOURCE_UNAVAILABLE`
   * when it cannot be read. The caller consumes or destroys `body`.
   */
  open(signal?: AbortSignal): Promise<OpenedCCTSource>;
}

/** An open export. */
export interface OpenedCCTSource {
  readonly body: Readable;
  /** Size in bytes when the source knows it (file size, `Content-Length`). */
  readonly sizeBytes: number | undefined;
}
