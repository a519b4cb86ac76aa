/**
 * Bulk loading with `COPY … FROM STDIN` (pg-copy-streams): the fastest way to seed PostgreSQL,
 * with backpressure so a 100k-row generator never holds more than one chunk in memory.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { importOptional } from '../services/optional-dependency.js';

/** Rows and bytes written by {@link copyRows}. */
export interface CopyStats {
  readonly rows: number;
  readonly bytes: number;
}

/** Lines are joined into chunks of about this many characters before being written. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams `lines` (each one COPY text-format row *without* its trailing newline) into
 * `copySql`, e.g. `COPY contacts (id, name) FROM STDIN`. Build fields with {@link copyField}.
 * Needs `pg-copy-streams` installed (an optional peer dependency of heapgate).
 */
export async function copyRows(
  client: pg.ClientBase,
  copySql: string,
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<CopyStats> {
  let rows = 0;
  let bytes = 0;
  async function* chunks(): AsyncGenerator<string> {
    let buf = '';
    for await (const line of lines) {
      buf += `${line}\n`;
      rows++;
      if (buf.length >= CHUNK_CHARS) {
        bytes += Buffer.byteLength(buf);
        yield buf;
        buf = '';
      }
    }
    if (buf.length > 0) {
      bytes += Buffer.byteLength(buf);
      yield buf;
    }
  }
  const { from: copyFrom } = await importOptional<typeof import('pg-copy-streams')>('pg-copy-streams');
  const sink = client.query(copyFrom(copySql));
  await pipeline(Readable.from(chunks()), sink);
  return { rows, bytes };
}

/**
 * One field in COPY text format: `\N` for null, backslash escapes for the characters that
 * would otherwise end a field or a row.
 */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  // Fast path: most generated values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
