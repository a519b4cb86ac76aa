/**
 * Streams a CCT export (CSV with a header naming at least `id` and `clave`) into a
 * {@link PackedCCTIndex}, parsing with `csv-parse` so only one chunk of text is in memory at a
 * time. Bad input is counted in a {@link CCTCsvReport}, never fatal: a row with the wrong number
 * of fields, a malformed clave or id, or broken quoting is skipped; a BOM and CRLF line endings
 * are accepted and reported; a repeated clave replaces the earlier row (last wins) and is
 * counted. Only a missing header, a source that fails mid-stream, or more records than
 * `maxRecords` stop the load.
 */
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { encodeClave } from './clave.js';
import { CCTsError } from './ccts-error.js';
import { MAX_CCT_ID, PackedCCTIndexBuilder } from './packed-cct-index-builder.js';
import type { PackedCCTIndex } from './packed-cct-index.js';

/** What a load saw. Counts are rows of the CSV body (the header is not a row). */
export interface CCTCsvReport {
  /** Data rows read, good and bad (blank lines are not rows). */
  readonly rows: number;
  /** Distinct claves in the index. */
  readonly loaded: number;
  /** Rows whose field count differs from the header's. */
  readonly wrongColumnCount: number;
  /** Rows whose clave is not 2 digits, 3 letters, 4 digits, 1 letter. */
  readonly invalidClave: number;
  /** Rows whose id is not a whole number in `[0, 2³² − 1]`. */
  readonly invalidId: number;
  /** Rows `csv-parse` could not read (an unmatched quote, a field over 1 MiB). */
  readonly unparseable: number;
  /** `wrongColumnCount + invalidClave + invalidId + unparseable`: rows skipped. */
  readonly malformedRows: number;
  /** Rows whose clave an earlier row already had; the later id was kept. */
  readonly duplicateClaves: number;
  /** The file started with a UTF-8 byte order mark (stripped). */
  readonly bom: boolean;
  /** The header line ended with CRLF (accepted either way). */
  readonly crlf: boolean;
  /** Bytes of CSV read. */
  readonly bytesRead: number;
}

/** Options of {@link loadCCTIndexFromCsv}. */
export interface LoadCCTIndexOptions {
  /** Capacity to reserve, in records (an estimate from the source size). @default 1024 */
  readonly expectedRecords?: number;
  /**
   * Stop with `HEAPGATE_CCTS_MEMORY_LIMIT` once more rows than this were accepted: the guard
   * for sources whose size was unknown when the mode was chosen. @default Infinity
   */
  readonly maxRecords?: number;
  /** Aborts the load (the source stream is destroyed). */
  readonly signal?: AbortSignal;
}

/** The index and the report of one load. */
export interface LoadedCCTIndex {
  readonly index: PackedCCTIndex;
  readonly report: CCTCsvReport;
}

/** A single field over this size is broken input, not a CCT: bounds the parser's buffer. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * Loads an index from CSV bytes (a file stream, an S3 body, any async iterable of chunks).
 *
 * @example
 * const { index, report } = await loadCCTIndexFromCsv(fs.createReadStream('ccts_export.csv'));
 * index.get('09DPR1234X'); // → 4711, or -1
 */
export async function loadCCTIndexFromCsv(
  input: AsyncIterable<Uint8Array | string>,
  options: LoadCCTIndexOptions = {},
): Promise<LoadedCCTIndex> {
  const maxRecords = options.maxRecords ?? Infinity;
  if (typeof maxRecords !== 'number' || !(maxRecords >= 0)) {
    throw new TypeError(`maxRecords must be a number of records ≥ 0, got ${String(maxRecords)}`);
  }
  const builder = new PackedCCTIndexBuilder({ expectedRecords: options.expectedRecords ?? 1024 });
  const counts = { rows: 0, wrongColumnCount: 0, invalidClave: 0, invalidId: 0, unparseable: 0 };
  const shape = { bom: false, crlf: false, bytesRead: 0 };
  let lastSkippedLine = -1;

  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    // Keep going past bad rows; each skipped row is reported here with the reason.
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      // csv-parse reports some bad records more than once (once per stray quote): count a
      // line once. https://csv.js.org/parse/options/on_skip
      const line = (err as { lines?: number } | undefined)?.lines ?? -1;
      if (line >= 0 && line === lastSkippedLine) return undefined;
      lastSkippedLine = line;
      counts.rows++;
      if (err?.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') counts.wrongColumnCount++;
      else counts.unparseable++;
      return undefined;
    },
  });

  let idColumn = -1;
  let claveColumn = -1;
  async function consume(records: AsyncIterable<string[]>): Promise<void> {
    for await (const record of records) {
      if (idColumn < 0) {
        const names = record.map((n) => n.trim().toLowerCase());
        idColumn = names.indexOf('id');
        claveColumn = names.indexOf('clave');
        if (idColumn < 0 || claveColumn < 0) {
          throw new CCTsError(
            'HEAPGATE_CCTS_BAD_HEADER',
            `CCT export header must name an "id" and a "clave" column, got: ${names.slice(0, 12).join(',')}`,
          );
        }
        continue;
      }
      counts.rows++;
      const code = encodeClave(record[claveColumn]!);
      if (code < 0) {
        counts.invalidClave++;
        continue;
      }
      const id = parseId(record[idColumn]!);
      if (id < 0) {
        counts.invalidId++;
        continue;
      }
      if (builder.length >= maxRecords) {
        throw new CCTsError(
          'HEAPGATE_CCTS_MEMORY_LIMIT',
          `CCT export holds more than ${maxRecords} records, the most the memory limit allows`,
        );
      }
      builder.add(code, id);
    }
  }

  await pipeline(inspect(input, shape), parser, consume, options.signal ? { signal: options.signal } : {});
  if (idColumn < 0) {
    throw new CCTsError('HEAPGATE_CCTS_BAD_HEADER', 'CCT export is empty: no header line');
  }
  const index = builder.finish();
  const malformedRows = counts.wrongColumnCount + counts.invalidClave + counts.invalidId + counts.unparseable;
  const report: CCTCsvReport = Object.freeze({
    ...counts,
    loaded: index.size,
    malformedRows,
    duplicateClaves: builder.duplicates,
    ...shape,
  });
  return { index, report };
}

/** Passes chunks through, noting the BOM, the header's line ending and the byte count. */
async function* inspect(
  input: AsyncIterable<Uint8Array | string>,
  shape: { bom: boolean; crlf: boolean; bytesRead: number },
): AsyncGenerator<Uint8Array> {
  const BOM = [0xef, 0xbb, 0xbf];
  let bomBytes = 0;
  let lineEndingKnown = false;
  let lastByte = -1;
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (chunk.length === 0) continue;
    // The BOM's three bytes may arrive in separate chunks.
    for (let i = 0; i < chunk.length && shape.bytesRead + i < 3; i++) {
      if (bomBytes === shape.bytesRead + i && chunk[i] === BOM[bomBytes]) bomBytes++;
    }
    shape.bom = bomBytes === 3;
    shape.bytesRead += chunk.length;
    if (!lineEndingKnown) {
      const nl = chunk.indexOf(10);
      if (nl >= 0) {
        lineEndingKnown = true;
        shape.crlf = nl > 0 ? chunk[nl - 1] === 13 : lastByte === 13;
      }
      lastByte = chunk[chunk.length - 1]!;
    }
    yield chunk;
  }
}

/** A decimal id in `[0, MAX_CCT_ID]`, or -1. Stricter than `Number()` (which accepts '', ' 1', '1e3'). */
function parseId(text: string): number {
  const n = text.length;
  if (n === 0 || n > 10) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >>> 0 > 9) return -1;
    value = value * 10 + d;
  }
  return value <= MAX_CCT_ID ? value : -1;
}
