/**
 * Type parsers for the repository's queries: pg's defaults, except a fast path for `uuid[]`.
 *
 * pg parses every array with postgres-array (https://github.com/bendrucker/postgres-array),
 * which walks the text one character at a time and allocates an object per character. For the minimal projection's group ids that was ~60% of
 * all allocation of a streamed pass (measured: 94 of 227 MiB over 97k rows, plus 40 MiB of
 * joins). A uuid array's text form needs no such care: elements are never quoted or escaped,
 * so `{a,b}` splits on commas.
 */
import pg from 'pg';

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];

/** OID of `uuid[]` (`_uuid`); pg-types' `TypeId` enum lists scalar types only. */
const UUID_ARRAY_OID = 2951 as number as TypeId;

const defaultUuidArrayParser = pg.types.getTypeParser(UUID_ARRAY_OID, 'text') as (value: string) => (string | null)[];

/** Parses the text form of a one-dimensional `uuid[]` (`{}` → `[]`). */
export function parseUuidArray(text: string): (string | null)[] {
  if (text === '{}') return [];
  // NULL elements (and multi-dimensional arrays) take pg's general parser.
  if (text.includes('NULL') || text.charCodeAt(1) === 0x7b /* { */) return defaultUuidArrayParser(text);
  return text.slice(1, -1).split(',');
}

/** pg `types` option for the repository's queries (cursor and pooled). */
export const CONTACT_TYPE_PARSERS: pg.CustomTypesConfig = Object.freeze({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === UUID_ARRAY_OID && format !== 'binary'
      ? parseUuidArray
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
});
