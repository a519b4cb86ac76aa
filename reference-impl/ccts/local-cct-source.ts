import fs from 'node:fs';
import { CCTsError } from './ccts-error.js';
import type { CCTSource, OpenedCCTSource } from './cct-source.js';

/** Read size of the file stream; bigger chunks mean fewer parser calls. */
const CHUNK_BYTES = 256 * 1024;

/** A CCT export in a local file (`CCTS_LOCAL_PATH`). */
export class LocalCCTSource implements CCTSource {
  readonly description: string;
  readonly #path: string;

  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError('path must be a non-empty file path');
    this.#path = path;
    this.description = `file:${path}`;
  }

  async open(signal?: AbortSignal): Promise<OpenedCCTSource> {
    let sizeBytes: number;
    try {
      const stat = await fs.promises.stat(this.#path);
      if (!stat.isFile()) throw Object.assign(new Error(`${this.#path} is not a file`), { code: 'ENOENT' });
      sizeBytes = stat.size;
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      throw new CCTsError(
        missing ? 'HEAPGATE_CCTS_SOURCE_MISSING' : 'HEAPGATE_CCTS_SOURCE_UNAVAILABLE',
        `CCT export ${this.description} ${missing ? 'does not exist' : `cannot be read: ${(cause as Error).message}`}`,
        { cause },
      );
    }
    const body = fs.createReadStream(this.#path, { highWaterMark: CHUNK_BYTES, ...(signal ? { signal } : {}) });
    return { body, sizeBytes };
  }
}
