import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CCTsError } from './ccts-error.js';
import type { CCTSource, OpenedCCTSource } from './cct-source.js';

/** Options of {@link S3CCTSource}. */
export interface S3CCTSourceOptions {
  /** A configured client (endpoint, region, credentials). The source never closes it. */
  readonly client: S3Client;
  /** `CCTS_S3_BUCKET`. */
  readonly bucket: string;
  /** `CCTS_S3_KEY`. @default 'ccts_export.csv' */
  readonly key?: string;
}

/** Default object key of the export (seed 000 §Environment Variables). */
export const DEFAULT_CCTS_S3_KEY = 'ccts_export.csv';

// S3 error names that mean "there is no such export", as opposed to "S3 is not answering".
const MISSING = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);

/** A CCT export in an S3 object, read as a stream (the body is never buffered whole). */
export class S3CCTSource implements CCTSource {
  readonly description: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #key: string;

  constructor(options: S3CCTSourceOptions) {
    if (!options?.client) throw new TypeError('client must be an S3Client');
    if (typeof options.bucket !== 'string' || options.bucket.length === 0) throw new TypeError('bucket must be a non-empty bucket name');
    const key = options.key ?? DEFAULT_CCTS_S3_KEY;
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('key must be a non-empty object key');
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#key = key;
    this.description = `s3://${options.bucket}/${key}`;
  }

  async open(signal?: AbortSignal): Promise<OpenedCCTSource> {
    try {
      const res = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key }),
        signal ? { abortSignal: signal } : {},
      );
      if (!res.Body) throw new Error('GetObject returned no body');
      return { body: res.Body as Readable, sizeBytes: res.ContentLength };
    } catch (cause) {
      const err = cause as { name?: string; $metadata?: { httpStatusCode?: number } };
      const missing = MISSING.has(err.name ?? '') || err.$metadata?.httpStatusCode === 404;
      throw new CCTsError(
        missing ? 'HEAPGATE_CCTS_SOURCE_MISSING' : 'HEAPGATE_CCTS_SOURCE_UNAVAILABLE',
        `CCT export ${this.description} ${missing ? 'does not exist' : `cannot be read: ${(cause as Error).message}`}`,
        { cause },
      );
    }
  }
}
